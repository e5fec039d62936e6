using System.Diagnostics.Metrics;
using FaultMaven.Worker.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FaultMaven.Worker.Tests;

public sealed class SinkMonitorTests : IDisposable
{
    private static readonly SinkOptions Options = new() { StallAfter = TimeSpan.FromSeconds(30) };
    private readonly FakeTimeProvider clock = new();
    private readonly ServiceProvider provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly SinkMonitor monitor;
    private readonly SinkStallHealthCheck check;
    private readonly MetricCollector<int> stalled;

    public SinkMonitorTests()
    {
        var meters = provider.GetRequiredService<IMeterFactory>();
        monitor = new SinkMonitor(clock, Microsoft.Extensions.Options.Options.Create(Options), meters);
        check = new SinkStallHealthCheck(monitor, Microsoft.Extensions.Options.Options.Create(Options));
        stalled = new MetricCollector<int>(meters, SinkMonitor.MeterName, "stalled");
    }

    [Fact]
    public async Task A_sink_that_has_not_advanced_for_longer_than_StallAfter_is_unhealthy_and_its_gauge_reads_one_until_it_advances()
    {
        monitor.Advanced("logs");
        monitor.Advanced("findings");

        clock.Advance(TimeSpan.FromSeconds(29));
        monitor.Advanced("findings");
        Assert.Equal(HealthStatus.Healthy, (await Check()).Status);
        Assert.Equal(new Dictionary<string, int> { ["logs"] = 0, ["findings"] = 0 }, StalledGauge());

        clock.Advance(TimeSpan.FromSeconds(2));
        var stalledNow = await Check();
        Assert.Equal(HealthStatus.Unhealthy, stalledNow.Status);
        Assert.Contains("logs (31 s without progress)", stalledNow.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("findings", stalledNow.Description, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["logs"] = 1, ["findings"] = 0 }, StalledGauge());

        monitor.Advanced("logs");
        Assert.Equal(HealthStatus.Healthy, (await Check()).Status);
        Assert.Equal(new Dictionary<string, int> { ["logs"] = 0, ["findings"] = 0 }, StalledGauge());
    }

    [Fact]
    public void StallAfter_not_longer_than_the_batch_delay_is_refused_naming_the_key()
    {
        var failures = new SinkOptions { MaxBatchDelay = TimeSpan.FromSeconds(2), StallAfter = TimeSpan.FromSeconds(2) }.Validate().ToList();

        Assert.Contains(failures, f => f.StartsWith("FaultMaven:Sinks:StallAfter ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_retry_delay_above_the_longest_back_off_is_refused_naming_the_key()
    {
        var failures = new SinkOptions { RetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromSeconds(30) }.Validate().ToList();

        Assert.Equal(["FaultMaven:Sinks:RetryDelay must be above 0 and at most MaxRetryDelay (was 00:01:00)"], failures);
    }

    public void Dispose()
    {
        stalled.Dispose();
        provider.Dispose();
    }

    private Task<HealthCheckResult> Check() => check.CheckHealthAsync(new HealthCheckContext());

    private Dictionary<string, int> StalledGauge()
    {
        stalled.RecordObservableInstruments();
        return stalled.GetMeasurementSnapshot(clear: true)
            .ToDictionary(m => (string)m.Tags["sink"]!, m => m.Value);
    }
}
