using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaultMaven.Retrieval.Tests;

/// <summary>A Kestrel server on a free 127.0.0.1 port that stands in for a service that cannot run here (Pinecone, Qdrant, an OpenAI endpoint).</summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubServer(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    /// <param name="http2Only">gRPC clients speak HTTP/2 without TLS, which Kestrel accepts only on an HTTP/2-only endpoint.</param>
    public static async Task<StubServer> StartAsync(Action<WebApplication> mapRoutes, bool http2Only = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            listen.Protocols = http2Only ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2));
        var app = builder.Build();
        mapRoutes(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new StubServer(app) { Address = new Uri(address) };
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
