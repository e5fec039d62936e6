namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>Groups events into fixed, aligned time windows per service (or per source when the service is unknown).</summary>
public sealed class TimeWindowGrouper
{
    private readonly TimeSpan width;
    private readonly Dictionary<(string Service, long WindowIndex), TemplateCountsBuilder> windows = [];

    public TimeWindowGrouper(TimeSpan width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero);
        this.width = width;
    }

    public void Add(TemplatedEvent templated)
    {
        var service = templated.Event.Service ?? templated.Event.Source;
        var windowIndex = templated.Event.Timestamp.UtcTicks / width.Ticks;
        if (!windows.TryGetValue((service, windowIndex), out var builder))
        {
            var windowStart = new DateTimeOffset(windowIndex * width.Ticks, TimeSpan.Zero);
            builder = new TemplateCountsBuilder($"{service}@{windowStart:O}");
            windows.Add((service, windowIndex), builder);
        }

        builder.Add(templated);
    }

    /// <summary>The windows in order of first appearance.</summary>
    public IReadOnlyList<TemplateCounts> Build() => [.. windows.Values.Select(builder => builder.Build())];
}
