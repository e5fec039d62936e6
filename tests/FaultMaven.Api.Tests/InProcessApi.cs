using FaultMaven.Testing.Processes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FaultMaven.Api.Tests;

/// <summary>Test classes that host the API in this process: one at a time, since each start replaces Serilog's static bootstrap logger, which the other's host would then freeze twice.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessApiCollection
{
    public const string Name = "in-process API";
}

/// <summary>The API hosted in the test process on real Kestrel at a free 127.0.0.1 port, so its endpoint table can be read.</summary>
/// <remarks>Any type of the API's assembly names its entry point; <c>Program</c> is ambiguous here (the dev broker has one too).</remarks>
public sealed class InProcessApi : WebApplicationFactory<FaultMaven.Api.Security.TeamScope>
{
    private readonly IReadOnlyDictionary<string, string> settings;

    public InProcessApi(IReadOnlyDictionary<string, string> settings)
    {
        this.settings = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        UseKestrel(BaseAddress.Port);
        StartServer();
    }

    public Uri BaseAddress { get; }

    public IEnumerable<RouteEndpoint> Endpoints => Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
