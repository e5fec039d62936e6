using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker.Sinks;

/// <summary>
/// When each sink last advanced: committed a batch, or found nothing to read. A sink that holds records but has not
/// advanced for <see cref="SinkOptions.StallAfter"/> is stalled, which the gauges <c>faultmaven_sinks_stalled</c> (1 or 0)
/// and <c>faultmaven_sinks_since_progress</c> (seconds) publish per sink, and <see cref="SinkStallHealthCheck"/> turns into
/// an unhealthy <c>/readyz</c>.
/// </summary>
public sealed class SinkMonitor
{
    // Published by prometheus-net as faultmaven_sinks_<instrument>.
    public const string MeterName = "FaultMaven.Sinks";

    private readonly ConcurrentDictionary<string, long> lastAdvance = new();
    private readonly TimeProvider clock;
    private readonly TimeSpan stallAfter;

    public SinkMonitor(TimeProvider clock, IOptions<SinkOptions> options, IMeterFactory meters)
    {
        this.clock = clock;
        stallAfter = options.Value.StallAfter;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "stalled",
            () => lastAdvance.Keys.Select(sink => new Measurement<int>(IsStalled(sink) ? 1 : 0, Tag(sink))),
            description: "1 while a sink has records to store but has committed nothing for longer than FaultMaven:Sinks:StallAfter.");
        meter.CreateObservableGauge(
            "since_progress",
            () => lastAdvance.Keys.Select(sink => new Measurement<double>(SinceAdvance(sink).TotalSeconds, Tag(sink))),
            unit: "s",
            description: "Seconds since a sink last committed a batch or found nothing to read.");
    }

    /// <summary>The sink committed what it read, or is caught up.</summary>
    public void Advanced(string sink) => lastAdvance[sink] = clock.GetTimestamp();

    public TimeSpan SinceAdvance(string sink) =>
        lastAdvance.TryGetValue(sink, out var at) ? clock.GetElapsedTime(at) : TimeSpan.Zero;

    public bool IsStalled(string sink) => SinceAdvance(sink) > stallAfter;

    /// <summary>The sinks stalled now, with how long each has not advanced.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Stalled() =>
        lastAdvance.Keys.Where(IsStalled).ToDictionary(sink => sink, SinceAdvance);

    private static KeyValuePair<string, object?> Tag(string sink) => new("sink", sink);
}

/// <summary>Unhealthy while any sink is stalled, so <c>/readyz</c> shows a worker whose stream no longer reaches PostgreSQL.</summary>
public sealed class SinkStallHealthCheck(SinkMonitor monitor, IOptions<SinkOptions> options) : IHealthCheck
{
    public const string Name = "sinks";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stalled = monitor.Stalled();
        return Task.FromResult(stalled.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(
                $"stalled longer than {options.Value.StallAfter}: "
                + string.Join(", ", stalled.Select(s => $"{s.Key} ({s.Value.TotalSeconds:F0} s without progress)"))));
    }
}
