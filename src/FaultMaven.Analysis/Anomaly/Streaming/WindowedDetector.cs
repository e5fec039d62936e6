using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>A detector over aligned tumbling windows: events are counted into the open window, which is judged when time passes its end.</summary>
/// <remarks>
/// An event older than the open window (late arrival) is counted into the open window rather than reopening a judged
/// one. A jump of more than <see cref="MaxWindowsJudgedPerAdvance"/> windows is a gap in the data, not that many quiet
/// windows: the windows beyond that are not judged one by one.
/// </remarks>
public abstract class WindowedDetector : IDraftingDetector
{
    /// <summary>
    /// How many windows one clock move judges at most. A source whose clock is years off, or an old log replayed after
    /// a live one, would otherwise close millions of empty windows, each over every series, and hold the stream thread
    /// for hours; a thousand windows (3.5 days of 5-minute windows) is long enough for the baselines to settle and a
    /// silence to be reported.
    /// </summary>
    public const int MaxWindowsJudgedPerAdvance = 1_000;

    private DateTimeOffset? openWindowStart;

    protected WindowedDetector(TimeSpan width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero);
        Width = width;
    }

    public TimeSpan Width { get; }

    public IReadOnlyList<Finding> Observe(TemplatedEvent templated) => FindingDrafts.BuildLive(Draft(templated));

    public IReadOnlyList<Finding> AdvanceTo(DateTimeOffset now) => FindingDrafts.BuildLive(DraftUntil(now));

    public IReadOnlyList<FindingDraft> Draft(TemplatedEvent templated)
    {
        var drafts = DraftUntil(templated.Event.Timestamp);
        Count(templated);
        return drafts;
    }

    public IReadOnlyList<FindingDraft> DraftUntil(DateTimeOffset now)
    {
        if (openWindowStart is not { } start)
        {
            openWindowStart = WindowOf(now);
            return [];
        }

        // Most events fall in the open window: they get no list of their own.
        List<FindingDraft>? findings = null;
        for (var judged = 0; now >= start + Width; start += Width, judged++)
        {
            if (judged == MaxWindowsJudgedPerAdvance)
            {
                start = WindowOf(now);
                break;
            }

            (findings ??= []).AddRange(CloseWindow(start, start + Width));
        }

        openWindowStart = start;
        return findings is null ? [] : findings;
    }

    private DateTimeOffset WindowOf(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % Width.Ticks), TimeSpan.Zero);

    protected abstract void Count(TemplatedEvent templated);

    /// <summary>Judges the window that just ended and forgets its counts.</summary>
    protected abstract IEnumerable<FindingDraft> CloseWindow(DateTimeOffset start, DateTimeOffset end);
}
