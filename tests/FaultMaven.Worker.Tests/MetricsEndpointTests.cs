using System.Net;
using FaultMaven.ServiceDefaults;
using FaultMaven.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker.Tests;

/// <summary>Where <c>/metrics</c> is served, over real HTTP through Kestrel (the service defaults every service uses).</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_served_on_the_service_port_by_default()
    {
        var servicePort = ServiceProcess.FreePort();
        await using var app = Start(servicePort, []);
        using var client = new HttpClient();

        var metrics = await client.GetStringAsync($"http://127.0.0.1:{servicePort}/metrics");

        Assert.Contains("process_cpu_seconds_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_are_served_there_and_not_next_to_the_api()
    {
        var servicePort = ServiceProcess.FreePort();
        var metricsPort = ServiceProcess.FreePort();
        await using var app = Start(servicePort, new() { ["FaultMaven:Metrics:Port"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ["FaultMaven:Metrics:Host"] = "127.0.0.1" });
        using var client = new HttpClient();

        var metrics = await WhenListening(client, $"http://127.0.0.1:{metricsPort}/metrics");
        using var onServicePort = await client.GetAsync($"http://127.0.0.1:{servicePort}/metrics");

        Assert.Contains("process_cpu_seconds_total", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, onServicePort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{servicePort}/healthz")).StatusCode);
    }

    [Fact]
    public void A_metrics_port_out_of_range_fails_at_start_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Start(ServiceProcess.FreePort(), new() { ["FaultMaven:Metrics:Port"] = "70000" }));

        Assert.Contains("FaultMaven:Metrics:Port is 70000", error.Message, StringComparison.Ordinal);
    }

    /// <summary>prometheus-net starts its own listener in the background after the host has started.</summary>
    private static async Task<string> WhenListening(HttpClient client, string url)
    {
        var deadline = DateTime.UtcNow + FaultMaven.Testing.Progress.DefaultStall;
        while (true)
        {
            try
            {
                return await client.GetStringAsync(url);
            }
            catch (HttpRequestException refused) when (refused.InnerException is System.Net.Sockets.SocketException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static WebApplication Start(int servicePort, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(["--urls", $"http://127.0.0.1:{servicePort}"]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults("metrics-test");
        var app = builder.Build();
        app.MapServiceDefaults();
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }
}
