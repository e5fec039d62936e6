using FaultMaven.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FaultMaven.Testing.Http;

/// <summary>
/// A stub standing in for a log store that cannot run here (Splunk, Datadog): Kestrel on 127.0.0.1 answering one
/// route with what the test replays, and keeping every request it received (headers and body) for the test to check.
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public List<(IHeaderDictionary Headers, string Body, DateTimeOffset At)> Requests { get; } = [];

    /// <param name="answer">Given the request's number (from 0) and its body, writes the answer.</param>
    /// <param name="address">Where to listen, when the test must configure it before the stub starts; a free port otherwise.</param>
    public static async Task<StubServer> StartAsync(string method, string path, Func<int, string, HttpContext, Task> answer, Uri? address = null)
    {
        address ??= new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address.ToString());
        builder.Logging.ClearProviders();
        var stub = new StubServer(builder.Build(), address);
        stub.app.MapMethods(path, [method], async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            int number;
            lock (stub.Requests)
            {
                number = stub.Requests.Count;
                stub.Requests.Add((new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body, DateTimeOffset.UtcNow));
            }

            await answer(number, body, context);
        });
        await stub.app.StartAsync();
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
