using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net.Processors.Internal;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline;

/// <summary>
/// The <see cref="CarriedState"/> of each source in one task's <see cref="LogPipelineTopology.CarriedEventStore"/>,
/// shared by the normalize and collapse steps of that task, made safe to replay.
/// </summary>
/// <remarks>
/// <para>Streamiz commits at least once: it flushes the stores (the changelog receives this store's record), waits
/// for the producer, then commits the consumer's offsets. A worker killed inside that commit can restore a record that
/// is ahead of the offsets it resumes from, while a batch forwarded in the same interval never reached the broker
/// (librdkafka orders nothing across partitions). A replay from the committed offset that started from the restored
/// record would lose the event that batch carried out of the state as of the commit before. So every write keeps,
/// beside the new state, the state as of the last commit (<see cref="CarriedState.Base"/>, taken at the first write of
/// each commit interval, which <see cref="CommitCountingStoreSupplier"/> tells), and a raw record at or below the
/// restored <see cref="CarriedState.Offset"/> is processed from that base instead: the replay forwards again what the
/// lost batch carried, and the sink's idempotency keys drop whatever did arrive.</para>
/// <para>An interval in which only punctuations changed a source (an idle flush, a repeat window ending) has no record
/// to replay; the first read of such a restored record rewinds it to its base as well, so what the punctuation
/// released is released again (twice at worst, stored once).</para>
/// <para>Parsed states are kept by the bytes they were read from or written as: the two steps each read and write a
/// source's record per raw record, and parsing it every time costs a JSON parse of the carried events.</para>
/// </remarks>
public sealed class CarriedStates
{
    private static readonly ConditionalWeakTable<IKeyValueStore<string, byte[]>, CarriedStates> ByStore = new();

    private readonly IKeyValueStore<string, byte[]> store;
    private readonly CommitCountingStoreSupplier commits;
    private readonly TaskId task;
    private readonly Dictionary<string, (byte[] Json, CarriedState State)> parsed = [];

    // The restored record of each source found to need no rewind (its base is the state itself), so the comparison,
    // two serializations, is not repeated on every punctuation. Kept as the record's bytes, not as a mark on the source:
    // a record restored over it later (a store read while it was still being restored) must be judged on its own.
    private readonly Dictionary<string, byte[]> unchangedSinceCommit = [];

    private CarriedStates(IKeyValueStore<string, byte[]> store, CommitCountingStoreSupplier commits, TaskId task)
    {
        this.store = store;
        this.commits = commits;
        this.task = task;
    }

    /// <summary>The states of <paramref name="store"/>, one instance per store (per task) whichever step asks.</summary>
    public static CarriedStates Of(IKeyValueStore<string, byte[]> store, CommitCountingStoreSupplier commits, TaskId task) =>
        ByStore.GetValue(store, s => new CarriedStates(s, commits, task));

    /// <summary>
    /// The sources a punctuation may flush: every source the store holds a state for, or none while the store is still
    /// being restored from its changelog (<see cref="CommitCountingStoreSupplier.Restored"/>). Streamiz punctuates a task
    /// while it restores its stores, when what a source holds may be an earlier state, which would be released again and
    /// written over the restored one.
    /// </summary>
    public IReadOnlyList<string> Sources() => commits.Restored(task) ? store.All().Select(entry => entry.Key).ToList() : [];

    /// <summary>
    /// The state to continue <paramref name="source"/> from: the stored one, or, when it was restored from another run of
    /// the task and only punctuations changed it in its last interval, its base (stored as the current state at once,
    /// so both steps continue from it). Empty when none is stored.
    /// </summary>
    public CarriedState Read(string source)
    {
        var (json, state) = Stored(source);
        if (state.Base is not { } stateBefore || stateBefore.Offset != state.Offset || !Restored(state)
            || (unchangedSinceCommit.TryGetValue(source, out var unchanged) && unchanged.AsSpan().SequenceEqual(json)))
        {
            return state;
        }

        if (stateBefore.ToJson().AsSpan().SequenceEqual(state.Bare.ToJson()))
        {
            unchangedSinceCommit[source] = json;
            return state;
        }

        return Rewind(source, stateBefore);
    }

    /// <summary>
    /// The state to process the raw record at <paramref name="offset"/> of <paramref name="source"/> from: the stored
    /// one when the record is new to it. When a state restored from another run of the task already reflects the record
    /// (the replay after a kill inside a commit), its base, which precedes the record, stored as the current state so
    /// the collapse step continues from it too. A replay the base does not precede either (offsets committed further
    /// back than one commit) continues from the stored state and is logged: an event carried across the committed
    /// offset may then be missing. In the same run, a record at or below the state's offset is a new record at a
    /// reused offset (a broker that lost its data), not a replay.
    /// </summary>
    public CarriedState ReadFor(string source, long offset, ILogger logger)
    {
        var state = Read(source);
        if (offset > state.Offset || !Restored(state))
        {
            return state;
        }

        if (state.Base is { } stateBefore && stateBefore.Offset < offset)
        {
            PipelineMetrics.Count(LogPipelineTopology.NormalizeStep, "replayed-from-commit");
            logger.LogInformation(
                "Raw offset {Offset} of {Source} replays a record its restored carried state reflects (offset {StateOffset}): continuing from the state as of the last commit (offset {BaseOffset})",
                offset,
                source,
                state.Offset,
                stateBefore.Offset);
            return Rewind(source, stateBefore);
        }

        PipelineMetrics.Count(LogPipelineTopology.NormalizeStep, "replayed-past-commit");
        logger.LogWarning(
            "Raw offset {Offset} of {Source} replays a record its restored carried state reflects (offset {StateOffset}, last commit at {BaseOffset}): an event carried across the committed offset may be missing",
            offset,
            source,
            state.Offset,
            state.Base?.Offset);
        return state;
    }

    /// <summary>
    /// Stores <paramref name="after"/>, which its step computed from <paramref name="before"/> (what <see cref="Read"/>
    /// or <see cref="ReadFor"/> gave it, or what a step wrote since in the same record), keeping the state as of the
    /// last commit beside it.
    /// </summary>
    public void Write(string source, CarriedState before, CarriedState after)
    {
        var interval = commits.IntervalOf(task);
        var stateBefore = before.Interval == interval && before.Base is not null ? before.Base : before.Bare;
        var state = after with { Base = stateBefore, Interval = interval };
        Store(source, state);
    }

    /// <summary>Whether <paramref name="state"/> was last written by another run of the task (restored from the changelog).</summary>
    private bool Restored(CarriedState state) => !CommitCountingStoreSupplier.SameStore(state.Interval, commits.IntervalOf(task));

    /// <summary>Makes the state as of the last commit the current one, and the base of this interval's writes.</summary>
    private CarriedState Rewind(string source, CarriedState stateBefore)
    {
        var state = stateBefore with { Base = stateBefore, Interval = commits.IntervalOf(task) };
        Store(source, state);
        return state;
    }

    private void Store(string source, CarriedState state)
    {
        var json = state.ToJson();
        store.Put(source, json);
        parsed[source] = (json, state);
    }

    private (byte[] Json, CarriedState State) Stored(string source)
    {
        if (store.Get(source) is not { } json)
        {
            return ([], CarriedState.Empty);
        }

        if (parsed.TryGetValue(source, out var known) && (ReferenceEquals(known.Json, json) || known.Json.AsSpan().SequenceEqual(json)))
        {
            return known;
        }

        var state = CarriedState.FromJson(json);
        parsed[source] = (json, state);
        return (json, state);
    }
}
