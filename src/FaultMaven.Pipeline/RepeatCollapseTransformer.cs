using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline;

/// <summary>
/// The collapse step. Each source's held event and its repeat count live in the
/// <see cref="LogPipelineTopology.RepeatCollapserStore"/>; a different event (or a repeat beyond the event-time window)
/// releases the held one, and a wall-clock punctuation releases it once its source has been quiet for the window, so a
/// source that went quiet does not keep it. Records arrive keyed by source, each a batch of that source's events.
/// </summary>
/// <remarks>
/// <para>Nothing is lost or counted twice when the worker is killed, although Streamiz only guarantees at-least-once (the dev
/// broker has no transactions for exactly-once). A Streamiz commit flushes the stores, then waits until the broker holds
/// every record sent so far, then commits the input offsets; with caching on, the store's changelog is written only then.
/// The sinks drop a second copy of an event by its raw position. What remains is to never send an event that a restarted
/// task would not send again the same way:</para>
/// <list type="bullet">
/// <item>Killed between commits, a task restarts from the state of the last commit and replays the input after it. Releases
/// made by input are made again, the same: while input flows, only input releases (<see cref="RepeatCollapser.Flush"/>
/// waits for a quiet source).</item>
/// <item>A punctuation's release depends on the wall clock, so a replay might not repeat it. What it releases (and whatever
/// that source releases after it) waits in <see cref="RepeatState.Unforwarded"/> until the <see cref="CommitLedger"/>
/// shows the next commit done; the state restored after a kill holds it and sends it again.</item>
/// <item>Killed during a commit, after the state reached the changelog but before the offsets were committed, a task
/// restores a state ahead of its input: the first replayed line is at or before <see cref="RepeatState.Applied"/>. The
/// events sent since the last completed commit may or may not have reached the broker, so the task goes back to
/// <see cref="RepeatState.Previous"/>, the state of that commit, and replays from there.</item>
/// </list>
/// <para>A restored source is not flushed by the punctuation until its first replayed record shows whether its state is ahead,
/// or, if none comes, for a window after the task started.</para>
/// </remarks>
public sealed class RepeatCollapseTransformer(RepeatCollapser collapser, CommitLedger ledger) : ITransformer<string, IReadOnlyList<LogEvent>, string, IReadOnlyList<LogEvent>>
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Source> sources = [];
    private ProcessorContext<string, IReadOnlyList<LogEvent>>? context;
    private IKeyValueStore<string, byte[]>? states;
    private DateTimeOffset started;

    /// <summary>Streamiz requires a parameterless constructor; the topology passes its collaborators to the other one.</summary>
    public RepeatCollapseTransformer()
        : this(new RepeatCollapser(new FilterOptions().RepeatWindow), new CommitLedger())
    {
    }

    public void Init(ProcessorContext<string, IReadOnlyList<LogEvent>> processorContext)
    {
        context = processorContext;
        states = (IKeyValueStore<string, byte[]>)processorContext.GetStateStore(LogPipelineTopology.RepeatCollapserStore);
        started = DateTimeOffset.FromUnixTimeMilliseconds(processorContext.WallClockTime);
        processorContext.Schedule(FlushInterval, PunctuationType.PROCESSING_TIME, now => FlushQuietSources(DateTimeOffset.FromUnixTimeMilliseconds(now)));
    }

    public Record<string, IReadOnlyList<LogEvent>>? Process(Record<string, IReadOnlyList<LogEvent>> record)
    {
        PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "consumed", record.Value.Count);
        var source = Track(record.Key);
        if (!source.Checked && record.Value.Count > 0)
        {
            source.CheckAgainst(record.Value[0].Raw);
        }

        var state = ForwardWaiting(source);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(context!.WallClockTime);
        var emitted = new List<LogEvent>(record.Value.Count);
        foreach (var logEvent in record.Value)
        {
            (var released, state) = collapser.Accept(logEvent, state, now);
            emitted.AddRange(released);
        }

        if (source.AwaitedCommit is not null)
        {
            state = Wait(state, emitted);
        }
        else
        {
            Forward(source.Name, emitted);
        }

        Save(source, state);
        return null;
    }

    public void Close()
    {
    }

    private void FlushQuietSources(DateTimeOffset now)
    {
        foreach (var name in states!.All().Select(entry => entry.Key).ToList())
        {
            var source = Track(name);
            if (!source.Checked)
            {
                if (now - started < collapser.Window)
                {
                    continue;
                }

                source.TrustRestored();
            }

            var state = ForwardWaiting(source);
            (var released, state) = collapser.Flush(state, now);
            if (released.Count > 0)
            {
                source.AwaitedCommit ??= CommitsOfThisTask();
                state = Wait(state, released);
                // Asks for the commit that makes this release durable now rather than at the next input.
                context!.Commit();
            }

            if (state.Held is null && state.Unforwarded is null && source.SavedDurably(CommitsOfThisTask()))
            {
                // Keeps the store and its changelog to the sources holding an event, once the state saying it sent everything
                // is durable (a restart from an older one would send it again). Applied goes with it: a source with nothing
                // held has had no input since its last release, so no replay reaches back to it.
                states.Delete(name);
                sources.Remove(name);
            }
            else if (!ReferenceEquals(state, source.Current))
            {
                Save(source, state);
            }
        }
    }

    private Source Track(string name)
    {
        if (!sources.TryGetValue(name, out var source))
        {
            var restored = states!.Get(name) is { } json ? RepeatState.FromJson(json) : null;
            source = new Source(name, restored);
            sources.Add(name, source);
        }

        return source;
    }

    /// <summary>Sends what the source released by punctuation once the commit after it is done; until then keeps it.</summary>
    private RepeatState ForwardWaiting(Source source)
    {
        var state = source.Current;
        if (source.AwaitedCommit is { } commits && CommitsOfThisTask() <= commits)
        {
            return state;
        }

        source.AwaitedCommit = null;
        if (state.Unforwarded is not { Count: > 0 } waiting)
        {
            return state;
        }

        Forward(source.Name, waiting);
        return state with { Unforwarded = null };
    }

    private void Save(Source source, RepeatState state)
    {
        var commits = CommitsOfThisTask();
        source.Saved(state, commits);
        states!.Put(source.Name, (state with { Previous = source.Durable is { } durable ? durable with { Previous = null } : null }).ToJson());
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

    /// <summary>What this task instance knows of one source's state: the current one, the last one a completed commit made
    /// durable, and the one saved last with the commit count at that time.</summary>
    private sealed class Source(string name, RepeatState? restored)
    {
        private RepeatState? lastSaved;
        private long commitsAtLastSave;

        public string Name { get; } = name;

        public RepeatState Current { get; private set; } = restored ?? RepeatState.Empty;

        public RepeatState? Durable { get; private set; } = restored;

        /// <summary>Whether the restored state is known not to be ahead of the input; a source without one has nothing to check.</summary>
        public bool Checked { get; private set; } = restored is null;

        /// <summary>The commit count when a punctuation released this source's held event, while that release waits.</summary>
        public long? AwaitedCommit { get; set; }

        /// <summary>Goes back to the state of the last completed commit when the first replayed line is one the restored state already counts.</summary>
        public void CheckAgainst(RawOffset firstReplayed)
        {
            if (Current.Applied is { } applied && !RepeatCollapser.IsAfter(firstReplayed, applied))
            {
                Current = Durable = Current.Previous ?? RepeatState.Empty;
                PipelineMetrics.Count(LogPipelineTopology.CollapseStep, "rolled_back", 1);
            }

            TrustRestored();
        }

        /// <summary>Keeps the restored state: no replayed line came to show it ahead.</summary>
        public void TrustRestored()
        {
            Checked = true;
            Current = Current with { Previous = null };
        }

        public void Saved(RepeatState state, long commits)
        {
            if (lastSaved is not null && commits > commitsAtLastSave)
            {
                Durable = lastSaved;
            }

            (lastSaved, commitsAtLastSave, Current) = (state, commits, state);
        }

        /// <summary>Whether the state saved last (or the restored one, when none was saved since) is durable.</summary>
        public bool SavedDurably(long commits) => lastSaved is null || commits > commitsAtLastSave;
    }
}
