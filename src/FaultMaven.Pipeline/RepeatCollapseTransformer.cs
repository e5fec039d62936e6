using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline;

/// <summary>
/// The events of one record the filter kept (possibly none), and whether the normalizer's idle flush released them
/// (<see cref="NormalizeOutcome.SourceIdle"/>): then the source is known to be quiet and the collapse step releases
/// what it holds for it at once.
/// </summary>
public sealed record KeptEvents(IReadOnlyList<LogEvent> Events, bool SourceIdle);

/// <summary>
/// The collapse step. Each source's held event and its repeat count live in the
/// <see cref="LogPipelineTopology.CarriedEventStore"/> (<see cref="CarriedState.Collapser"/>), in the record that
/// also holds the normalizer's state of the source; a different event releases the held one, and a wall-clock
/// punctuation releases it once it has been held for its window of wall-clock time or its source has been quiet for
/// <see cref="RepeatCollapser.QuietAfter"/>, so a source that went quiet does not keep it. Events the normalizer's idle
/// flush hands over (<see cref="KeptEvents.SourceIdle"/>) come from a source already quiet for the normalizer's idle
/// timeout, so they are released at once: the last line of a push is stored about that timeout after it.
/// Records arrive keyed by source, each a batch of that source's events; the state is written once per batch.
/// </summary>
public sealed class RepeatCollapseTransformer(RepeatCollapser collapser, CommitCountingStoreSupplier commits) : ITransformer<string, KeptEvents, string, IReadOnlyList<LogEvent>>
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    // When this run of the task first read each source. A held event restored from an earlier run carries that run's
    // wall-clock times, by which the first flush would release it at once, while the normalizer (whose idle clock is not
    // persisted) holds the next repeat for its idle timeout from its own first tick: the replayed run of repeats would be
    // stored as two rows, the second under a raw position the first row already counts. Counted from here instead, the
    // two steps keep the order they have within one run (RepeatQuietAfter outlasts the normalizer's idle timeout).
    private readonly Dictionary<string, DateTimeOffset> firstRead = [];
    private ProcessorContext<string, IReadOnlyList<LogEvent>>? context;
    private CarriedStates? states;

    /// <summary>Streamiz requires a parameterless constructor; the topology passes its collapser and store supplier to the other one.</summary>
    public RepeatCollapseTransformer()
        : this(new FilterOptions().CreateRepeatCollapser(), new CommitCountingStoreSupplier(LogPipelineTopology.CarriedEventStore))
    {
    }

    public void Init(ProcessorContext<string, IReadOnlyList<LogEvent>> processorContext)
    {
        context = processorContext;
        states = CarriedStates.Of((IKeyValueStore<string, byte[]>)processorContext.GetStateStore(LogPipelineTopology.CarriedEventStore), commits, processorContext.Id);
        processorContext.Schedule(FlushInterval, PunctuationType.PROCESSING_TIME, now => FlushQuietSources(DateTimeOffset.FromUnixTimeMilliseconds(now)));
    }

    public Record<string, IReadOnlyList<LogEvent>>? Process(Record<string, KeptEvents> record)
    {
        var (events, sourceIdle) = record.Value;
        PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "consumed", events.Count);
        var source = record.Key;
        var carried = states!.Read(source);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(context!.WallClockTime);
        var state = Collapser(source, carried, now);
        var emitted = new List<LogEvent>(events.Count + 1);
        foreach (var logEvent in events)
        {
            (var released, state) = collapser.Accept(logEvent, state, now);
            emitted.AddRange(released);
        }

        if (sourceIdle)
        {
            (var released, state) = collapser.Release(state);
            emitted.AddRange(released);
        }

        // Remember before forgetting: what this step releases is handed to the producer before the state that no longer
        // holds it, so a worker killed between the two sends replays a line twice (stored once) rather than losing it.
        Forward(source, emitted);
        states.Write(source, carried, carried with { Collapser = state });
        return null;
    }

    public void Close()
    {
    }

    private void FlushQuietSources(DateTimeOffset now)
    {
        foreach (var source in states!.Sources())
        {
            var carried = states.Read(source);
            // A line the normalizer still holds is handed over when the source is idle, and that releases the run: on a
            // stalled thread (a loaded machine, a restart) this tick can come after the source's quiet time and before
            // that hand-over, and would split a replayed run of repeats in two.
            var (emitted, flushed) = collapser.Flush(Collapser(source, carried, now), now, sourceHeldUpstream: carried.Normalizer.Pending is not null);
            if (emitted.Count > 0)
            {
                // Forwarded first, as in Process.
                Forward(source, emitted);
                states.Write(source, carried, carried with { Collapser = flushed });
            }
        }
    }

    /// <summary>The collapser's part of <paramref name="carried"/>, its wall-clock times counted from this run's first read of <paramref name="source"/> on.</summary>
    private RepeatState Collapser(string source, CarriedState carried, DateTimeOffset now)
    {
        if (!firstRead.TryGetValue(source, out var since))
        {
            firstRead[source] = since = now;
        }

        return carried.Collapser.NotBefore(since);
    }

    private void Forward(string source, IReadOnlyList<LogEvent> emitted)
    {
        if (emitted.Count > 0)
        {
            context!.Forward(source, emitted);
        }

        PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "produced", emitted.Count);
        PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "collapsed", emitted.Sum(RepeatCollapser.Occurrences) - emitted.Count);
    }
}
