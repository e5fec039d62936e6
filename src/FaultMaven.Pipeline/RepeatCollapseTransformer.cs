using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline;

/// <summary>
/// The collapse step. Each source's held event and its repeat count live in the
/// <see cref="LogPipelineTopology.RepeatCollapserStore"/>; a different event releases the held one, and a wall-clock
/// punctuation releases it once it has been held for its window of wall-clock time, so a source that went quiet does not keep it.
/// Records arrive keyed by source, each a batch of that source's events; the state is written once per batch.
/// </summary>
/// <remarks>
/// Nothing is lost or counted twice when the worker is killed, although Streamiz only guarantees at-least-once (the dev
/// broker has no transactions for exactly-once). The store caches its changes until a commit, so a restarted task resumes
/// from the state of the last commit and replays the input after it; releases driven by input are then made again, the same.
/// Two cases need more:
/// <list type="bullet">
/// <item>A kill after a commit flushed the state but before it committed the offsets replays input the state already
/// counts: <see cref="RepeatState.Applied"/> skips it (its outputs were flushed by the same commit).</item>
/// <item>A punctuation's release depends on the wall clock, not on input, so a replay would not repeat it: had its event been
/// sent before the release was durable, a replay would fold later repeats into an event already stored (lost), or the lines
/// after it would be sent twice. So what a source releases from the punctuation until the next commit waits in
/// <see cref="RepeatState.Unforwarded"/> and is sent once the <see cref="CommitLedger"/> shows that commit done; a replay
/// of a restored state sends it again, and the sinks' idempotency keys (raw position) drop the copy.</item>
/// </list>
/// </remarks>
public sealed class RepeatCollapseTransformer(RepeatCollapser collapser, CommitLedger ledger) : ITransformer<string, IReadOnlyList<LogEvent>, string, IReadOnlyList<LogEvent>>
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    // Per source, the store's flush count when a punctuation released its held event; until the count grows, that source's
    // releases wait. Only this task instance's releases are here: a restored Unforwarded list is durable already.
    private readonly Dictionary<string, long> awaitingCommit = [];
    private ProcessorContext<string, IReadOnlyList<LogEvent>>? context;
    private IKeyValueStore<string, byte[]>? states;

    /// <summary>Streamiz requires a parameterless constructor; the topology passes its collaborators to the other one.</summary>
    public RepeatCollapseTransformer()
        : this(new RepeatCollapser(new FilterOptions().RepeatWindow), new CommitLedger())
    {
    }

    public void Init(ProcessorContext<string, IReadOnlyList<LogEvent>> processorContext)
    {
        context = processorContext;
        states = (IKeyValueStore<string, byte[]>)processorContext.GetStateStore(LogPipelineTopology.RepeatCollapserStore);
        processorContext.Schedule(FlushInterval, PunctuationType.PROCESSING_TIME, now => FlushQuietSources(DateTimeOffset.FromUnixTimeMilliseconds(now)));
    }

    public Record<string, IReadOnlyList<LogEvent>>? Process(Record<string, IReadOnlyList<LogEvent>> record)
    {
        PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "consumed", record.Value.Count);
        var source = record.Key;
        var state = ForwardWaiting(source, states!.Get(source) is { } json ? RepeatState.FromJson(json) : RepeatState.Empty);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(context!.WallClockTime);
        var emitted = new List<LogEvent>(record.Value.Count);
        foreach (var logEvent in record.Value)
        {
            (var released, state) = collapser.Accept(logEvent, state, now);
            emitted.AddRange(released);
        }

        if (awaitingCommit.ContainsKey(source))
        {
            state = Wait(state, emitted);
        }
        else
        {
            Forward(source, emitted);
        }

        states.Put(source, state.ToJson());
        return null;
    }

    public void Close()
    {
    }

    private void FlushQuietSources(DateTimeOffset now)
    {
        foreach (var (source, json) in states!.All().ToList())
        {
            var stored = RepeatState.FromJson(json);
            var (released, state) = collapser.Flush(ForwardWaiting(source, stored), now);
            if (released.Count > 0)
            {
                awaitingCommit.TryAdd(source, CommitsOfThisTask());
                state = Wait(state, released);
                // Asks for the commit that makes this release durable now rather than at the next input.
                context!.Commit();
            }

            if (state.Held is null && state.Unforwarded is null)
            {
                // Keeps the store and its changelog to the sources holding an event. Applied goes with it: a source with
                // nothing held has had no input since its last release, so no replay can reach back to it.
                states.Delete(source);
            }
            else if (!ReferenceEquals(state, stored))
            {
                states.Put(source, state.ToJson());
            }
        }
    }

    /// <summary>Sends what the source's last punctuation released once the commit after it is done; until then keeps it.</summary>
    private RepeatState ForwardWaiting(string source, RepeatState state)
    {
        if (awaitingCommit.TryGetValue(source, out var commits) && CommitsOfThisTask() <= commits)
        {
            return state;
        }

        awaitingCommit.Remove(source);
        if (state.Unforwarded is not { Count: > 0 } waiting)
        {
            return state;
        }

        Forward(source, waiting);
        return state with { Unforwarded = null };
    }

    private static RepeatState Wait(RepeatState state, IReadOnlyList<LogEvent> released) =>
        released.Count == 0 ? state : state with { Unforwarded = [.. state.Unforwarded ?? [], .. released] };

    private long CommitsOfThisTask() => ledger.Flushes(LogPipelineTopology.RepeatCollapserStore, context!.Id);

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
