using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Live;

/// <summary>
/// The state of one source's miner as it is stored: its snapshot as UTF-8 JSON
/// (<see cref="TemplateMinerSnapshot.ToUtf8Json"/>), at most <see cref="LiveAnalysisOptions.MaxMinerStateBytes"/> long.
/// </summary>
/// <param name="Templates">Live templates in it.</param>
/// <param name="Retired">Templates retired to bring it within the bound (0 when it fitted).</param>
public sealed record MinerState(string Source, byte[] Json, int Templates, int Retired);

/// <summary>
/// What the worker does to each normalized event: mine its template with its source's own miner, then feed the
/// streaming detectors. Miner state can be saved and restored per source, so template ids survive restarts; each
/// source's miner is bounded in templates and in stored bytes (<see cref="LiveAnalysisOptions.MaxTemplatesPerSource"/>,
/// <see cref="LiveAnalysisOptions.MaxMinerStateBytes"/>), so a source of ever new lines keeps being mined.
/// Not thread-safe: one instance per stream task.
/// </summary>
public sealed class LiveAnalysis(LiveAnalysisOptions options)
{
    private readonly TemplateMinerOptions minerOptions = options.Miner;
    private readonly Dictionary<string, TemplateMiner> miners = new(StringComparer.Ordinal);
    private readonly HashSet<string> changedSources = new(StringComparer.Ordinal);
    private readonly HashSet<string> sourcesWithNewTemplates = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IStreamingDetector> detectors = options.CreateDetectors();
    private DateTimeOffset? eventClock;
    private DateTimeOffset? lastTick;
    private bool observedSinceTick;

    public bool Knows(string source) => miners.ContainsKey(source);

    /// <summary>Continues <paramref name="source"/> from its stored state (<see cref="MinerState.Json"/>), or from a snapshot stored before the bound, of any size.</summary>
    /// <exception cref="System.Text.Json.JsonException">The bytes are not a snapshot.</exception>
    public void Restore(string source, byte[] state) => miners[source] = TemplateMiner.Restore(TemplateMinerSnapshot.FromUtf8Json(state), minerOptions);

    /// <summary>The event with its template, and what the detectors found in it.</summary>
    public (TemplatedEvent Event, IReadOnlyList<Finding> Findings) Analyze(LogEvent logEvent)
    {
        if (!miners.TryGetValue(logEvent.Source, out var miner))
        {
            miner = new TemplateMiner(minerOptions);
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
        return (templated, Observe(templated));
    }

    // Once per stored line: almost every line finds nothing, so no list (nor LINQ iterator and closure) is made for it.
    private IReadOnlyList<Finding> Observe(TemplatedEvent templated)
    {
        List<Finding>? findings = null;
        foreach (var detector in detectors)
        {
            var found = detector.Observe(templated);
            if (found.Count > 0)
            {
                (findings ??= []).AddRange(found);
            }
        }

        return findings is null ? [] : findings;
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

    /// <summary>States of the miners that learned something (counts, generalized templates) since the last call.</summary>
    public IReadOnlyList<MinerState> TakeChangedStates()
    {
        var states = changedSources.Select(Bounded).ToList();
        changedSources.Clear();
        sourcesWithNewTemplates.Clear();
        return states;
    }

    /// <summary>
    /// States of the miners that issued a new template id since the last call. Saved with the batch that issued
    /// the id (before its offsets are committed), so a restart never issues that id again to another template.
    /// </summary>
    public IReadOnlyList<MinerState> TakeStatesWithNewTemplates()
    {
        var states = sourcesWithNewTemplates.Select(Bounded).ToList();
        changedSources.ExceptWith(sourcesWithNewTemplates);
        sourcesWithNewTemplates.Clear();
        return states;
    }

    /// <summary>
    /// The source's state within <see cref="LiveAnalysisOptions.MaxMinerStateBytes"/>: past it, a template longer than
    /// an eighth of the bound (a giant line, not the shape of a message) is retired first, since as the most recently
    /// seen it would otherwise outlast every ordinary template; then the least recently matched templates are retired in
    /// proportion to the excess, down to three quarters of the bound, so that a source at its bound does not retire (and
    /// serialize twice) on every batch. Ends, since a miner without templates keeps only its next id and clock.
    /// </summary>
    private MinerState Bounded(string source)
    {
        var miner = miners[source];
        var json = miner.Snapshot().ToUtf8Json();
        var retired = 0;
        if (json.Length > options.MaxMinerStateBytes && miner.RetireLongerThan(options.MaxMinerStateBytes / 8) is var giants and > 0)
        {
            retired += giants;
            json = miner.Snapshot().ToUtf8Json();
        }

        while (json.Length > options.MaxMinerStateBytes && miner.TemplateCount > 0)
        {
            var kept = (int)(miner.TemplateCount * (options.MaxMinerStateBytes * 3L / 4) / json.Length);
            var retiring = Math.Max(1, miner.TemplateCount - kept);
            miner.RetireLeastRecentlySeen(retiring);
            retired += retiring;
            json = miner.Snapshot().ToUtf8Json();
        }

        return new MinerState(source, json, miner.TemplateCount, retired);
    }
}
