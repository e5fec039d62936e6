using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Live;

/// <summary>
/// What the worker does to each normalized event: mine its template with its source's own miner, then feed the
/// streaming detectors. Miner state can be saved and restored per source, so template ids survive restarts.
/// Not thread-safe: one instance per stream task.
/// </summary>
public sealed class LiveAnalysis(LiveAnalysisOptions options)
{
    private readonly Dictionary<string, TemplateMiner> miners = new(StringComparer.Ordinal);
    private readonly HashSet<string> changedSources = new(StringComparer.Ordinal);
    private readonly HashSet<string> sourcesWithNewTemplates = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IStreamingDetector> detectors = options.CreateDetectors();
    private DateTimeOffset? eventClock;
    private DateTimeOffset? lastTick;
    private bool observedSinceTick;

    public bool Knows(string source) => miners.ContainsKey(source);

    public void Restore(string source, TemplateMinerSnapshot snapshot) => miners[source] = TemplateMiner.Restore(snapshot);

    /// <summary>The event with its template, and what the detectors found in it.</summary>
    public (TemplatedEvent Event, IReadOnlyList<Finding> Findings) Analyze(LogEvent logEvent)
    {
        if (!miners.TryGetValue(logEvent.Source, out var miner))
        {
            miner = new TemplateMiner();
            miners.Add(logEvent.Source, miner);
        }

        var mined = miner.Add(logEvent.Message);
        changedSources.Add(logEvent.Source);
        if (mined.IsNewTemplate)
        {
            sourcesWithNewTemplates.Add(logEvent.Source);
        }

        if (eventClock is not { } clock || logEvent.Timestamp > clock)
        {
            eventClock = logEvent.Timestamp;
        }

        observedSinceTick = true;
        var template = miner.Find(mined.TemplateId)?.Text ?? logEvent.Message;
        var templated = new TemplatedEvent(logEvent, mined.TemplateId, template);
        return (templated, detectors.SelectMany(d => d.Observe(templated)).ToList());
    }

    /// <summary>
    /// A wall-clock tick (the worker's punctuation): while no event arrives, the detectors' clock moves on by the wall
    /// time elapsed since the previous tick, so that quiet windows close and silences are noticed. The clock is the
    /// events' time, never the wall clock itself: a backlog of logs written years ago, read now, would otherwise close
    /// every window between their time and today (see <see cref="WindowedDetector.MaxWindowsJudgedPerAdvance"/>), and
    /// its events would all be late.
    /// </summary>
    /// <returns>Findings of the windows the move closed; none before the first event or when events arrived since the previous tick.</returns>
    public IReadOnlyList<Finding> Tick(DateTimeOffset wallClock)
    {
        var elapsed = lastTick is { } previous && wallClock > previous ? wallClock - previous : TimeSpan.Zero;
        lastTick = wallClock;
        if (observedSinceTick || eventClock is not { } clock)
        {
            observedSinceTick = false;
            return [];
        }

        var now = clock + elapsed;
        eventClock = now;
        return detectors.SelectMany(d => d.AdvanceTo(now)).ToList();
    }

    /// <summary>Snapshots of the miners that learned something (counts, generalized templates) since the last call.</summary>
    public IReadOnlyList<(string Source, TemplateMinerSnapshot Snapshot)> TakeChangedSnapshots()
    {
        var snapshots = changedSources.Select(source => (source, miners[source].Snapshot())).ToList();
        changedSources.Clear();
        sourcesWithNewTemplates.Clear();
        return snapshots;
    }

    /// <summary>
    /// Snapshots of the miners that issued a new template id since the last call. Saved with the batch that issued
    /// the id (before its offsets are committed), so a restart never issues that id again to another template.
    /// </summary>
    public IReadOnlyList<(string Source, TemplateMinerSnapshot Snapshot)> TakeSnapshotsWithNewTemplates()
    {
        var snapshots = sourcesWithNewTemplates.Select(source => (source, miners[source].Snapshot())).ToList();
        changedSources.ExceptWith(sourcesWithNewTemplates);
        sourcesWithNewTemplates.Clear();
        return snapshots;
    }
}
