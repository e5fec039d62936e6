using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>A detector over aligned tumbling windows: events are counted into the open window, which is judged when time passes its end.</summary>
/// <remarks>An event older than the open window (late arrival) is counted into the open window rather than reopening a judged one.</remarks>
public abstract class WindowedDetector : IStreamingDetector
{
    private DateTimeOffset? openWindowStart;

    protected WindowedDetector(TimeSpan width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero);
        Width = width;
    }

    public TimeSpan Width { get; }

    public IReadOnlyList<Finding> Observe(TemplatedEvent templated)
    {
        var findings = AdvanceTo(templated.Event.Timestamp);
        Count(templated);
        return findings;
    }

    public IReadOnlyList<Finding> AdvanceTo(DateTimeOffset now)
    {
        if (openWindowStart is not { } start)
        {
            openWindowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Width.Ticks), TimeSpan.Zero);
            return [];
        }

        var findings = new List<Finding>();
        for (; now >= start + Width; start += Width)
        {
            findings.AddRange(CloseWindow(start, start + Width));
        }

        openWindowStart = start;
        return findings;
    }

    protected abstract void Count(TemplatedEvent templated);

    /// <summary>Judges the window that just ended and forgets its counts.</summary>
    protected abstract IEnumerable<Finding> CloseWindow(DateTimeOffset start, DateTimeOffset end);
}
