using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline;

/// <summary>
/// The collapse step. Each source's held event and its repeat count live in the
/// <see cref="LogPipelineTopology.RepeatCollapserStore"/>; a different event releases the held one, and a wall-clock
/// punctuation releases it once it has been held for its window of wall-clock time, so a source that went quiet does not keep it. Records arrive keyed by source.
/// </summary>
public sealed class RepeatCollapseTransformer(RepeatCollapser collapser) : ITransformer<string, LogEvent, string, LogEvent>
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private ProcessorContext<string, LogEvent>? context;
    private IKeyValueStore<string, byte[]>? states;

    /// <summary>Streamiz requires a parameterless constructor; the topology passes its collapser to the other one.</summary>
    public RepeatCollapseTransformer()
        : this(new RepeatCollapser(new FilterOptions().RepeatWindow))
    {
    }

    public void Init(ProcessorContext<string, LogEvent> processorContext)
    {
        context = processorContext;
        states = (IKeyValueStore<string, byte[]>)processorContext.GetStateStore(LogPipelineTopology.RepeatCollapserStore);
        processorContext.Schedule(FlushInterval, PunctuationType.PROCESSING_TIME, now => FlushQuietSources(DateTimeOffset.FromUnixTimeMilliseconds(now)));
    }

    public Record<string, LogEvent>? Process(Record<string, LogEvent> record)
    {
        PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "consumed");
        var source = record.Key;
        var held = states!.Get(source) is { } json ? RepeatState.FromJson(json) : RepeatState.Empty;
        var (emitted, state) = collapser.Accept(record.Value, held, DateTimeOffset.FromUnixTimeMilliseconds(context!.WallClockTime));
        states.Put(source, state.ToJson());
        Forward(source, emitted);
        return null;
    }

    public void Close()
    {
    }

    private void FlushQuietSources(DateTimeOffset now)
    {
        foreach (var (source, json) in states!.All().ToList())
        {
            var (emitted, _) = collapser.Flush(RepeatState.FromJson(json), now);
            if (emitted.Count > 0)
            {
                // Flushing empties the state; deleting it keeps the store and its changelog to the sources holding an event.
                states.Delete(source);
                Forward(source, emitted);
            }
        }
    }

    private void Forward(string source, IReadOnlyList<LogEvent> emitted)
    {
        foreach (var logEvent in emitted)
        {
            context!.Forward(source, logEvent);
        }

        PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "produced", emitted.Count);
        PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "collapsed", emitted.Sum(RepeatCollapser.Occurrences) - emitted.Count);
    }
}
