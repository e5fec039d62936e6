using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Anomaly;

/// <summary>Builds small synthetic event streams for the detector tests.</summary>
internal static class SyntheticEvents
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);
    private static long offset;

    public static TemplatedEvent At(
        TimeSpan sinceStart,
        int templateId,
        Severity level = Severity.Info,
        string source = "app.log",
        string? service = "checkout",
        string? message = null) =>
        new(
            new LogEvent(
                Start + sinceStart,
                source,
                service,
                null,
                level,
                message ?? $"message of template {templateId}",
                new Dictionary<string, string>(),
                new RawOffset("logs.raw", 0, Interlocked.Increment(ref offset))),
            templateId,
            $"template {templateId} <*>");

    /// <summary><paramref name="perMinute"/> events of one template in every minute of [from, to).</summary>
    public static IEnumerable<TemplatedEvent> Steady(int fromMinute, int toMinute, int perMinute, int templateId = 1, string source = "app.log") =>
        from minute in Enumerable.Range(fromMinute, toMinute - fromMinute)
        from i in Enumerable.Range(0, perMinute)
        select At(TimeSpan.FromMinutes(minute) + TimeSpan.FromSeconds(i * 60.0 / perMinute), templateId, source: source);

    public static List<Finding> Feed(this IStreamingDetector detector, IEnumerable<TemplatedEvent> events) =>
        [.. events.SelectMany(detector.Observe)];
}
