using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline;

/// <summary>A batch of events with their templates, or a finding of the streaming detectors: what the live-analysis step emits.</summary>
public sealed record LiveOutcome(LogEventBatch? Events, Finding? Finding);

/// <summary>
/// The template-mining and detection step. Each source's miner is kept in memory and saved to the
/// <see cref="LogPipelineTopology.TemplateMinerStore"/> state store (its changelog makes it survive restarts): with
/// the batch whenever the batch issued a new template id, so that the saved miner is never behind an id whose
/// offsets are committed, and periodically for everything else it learned. What is saved is bounded
/// (<see cref="LiveAnalysisOptions.MaxMinerStateBytes"/>): a state that would not fit a changelog record would fail
/// every later record of its source, and the punctuation that saves it would stop the stream. A wall-clock punctuation
/// also moves the detectors' clocks on by the wall time that passed without events (<see cref="LiveAnalysis.Tick"/>),
/// which is how a source that went silent gets noticed.
/// </summary>
public sealed class LiveAnalysisTransformer(LiveAnalysisOptions options) : ITransformer<string, IReadOnlyList<LogEvent>, string, LiveOutcome>
{
    public static readonly TimeSpan SnapshotInterval = TimeSpan.FromSeconds(5);

    /// <summary>Streamiz requires a parameterless constructor; the topology passes its options to the other one.</summary>
    public LiveAnalysisTransformer()
        : this(new LiveAnalysisOptions())
    {
    }

    private readonly LiveAnalysis analysis = new(options);
    private ProcessorContext<string, LiveOutcome>? context;
    private IKeyValueStore<string, byte[]>? miners;

    public void Init(ProcessorContext<string, LiveOutcome> processorContext)
    {
        context = processorContext;
        miners = (IKeyValueStore<string, byte[]>)processorContext.GetStateStore(LogPipelineTopology.TemplateMinerStore);
        processorContext.Schedule(SnapshotInterval, PunctuationType.PROCESSING_TIME, now =>
        {
            SaveMiners();
            Forward(analysis.Tick(DateTimeOffset.FromUnixTimeMilliseconds(now)));
        });
    }

    public Record<string, LiveOutcome> Process(Record<string, IReadOnlyList<LogEvent>> record)
    {
        var templatedEvents = new LogEvent[record.Value.Count];
        for (var i = 0; i < templatedEvents.Length; i++)
        {
            var logEvent = record.Value[i];
            if (!analysis.Knows(logEvent.Source) && miners!.Get(logEvent.Source) is { } saved)
            {
                analysis.Restore(logEvent.Source, saved);
            }

            var (templated, findings) = analysis.Analyze(logEvent);
            Forward(findings);
            templatedEvents[i] = logEvent with { TemplateId = templated.TemplateId, Template = templated.Template };
        }

        Save(analysis.TakeStatesWithNewTemplates());
        PipelineMetrics.Count(LogPipelineTopology.LiveAnalysisStep, "consumed", templatedEvents.Length);
        // With the input's headers: a returned record carries only the headers it is given, and the trace context is one.
        return Record<string, LiveOutcome>.Create(record.Key, new LiveOutcome(new LogEventBatch(record.Key, templatedEvents), null), record.Headers);
    }

    public void Close() => SaveMiners();

    private void SaveMiners() => Save(analysis.TakeChangedStates());

    private void Save(IReadOnlyList<MinerState> states)
    {
        foreach (var state in states)
        {
            miners!.Put(state.Source, state.Json);
            PipelineMetrics.Templates.WithLabels(state.Source).Set(state.Templates);
            if (state.Retired > 0)
            {
                PipelineMetrics.RetiredTemplates.WithLabels(state.Source).Inc(state.Retired);
            }
        }
    }

    private void Forward(IReadOnlyList<Finding> findings)
    {
        foreach (var finding in findings)
        {
            context!.Forward(finding.Id, new LiveOutcome(null, finding));
        }

        PipelineMetrics.Count(LogPipelineTopology.LiveAnalysisStep, "produced", findings.Count);
    }
}
