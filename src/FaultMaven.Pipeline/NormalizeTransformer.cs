using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Pipeline.Tracing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline;

/// <summary>
/// What the normalize step emits per raw record: the events it completed, in order, and the dead letters.
/// <paramref name="SourceIdle"/> marks what the idle flush released: the source has sent nothing for
/// <see cref="NormalizerOptions.MultiLineIdleTimeout"/>, so the steps after this one need not wait for more of it.
/// </summary>
public sealed record NormalizeOutcome(IReadOnlyList<LogEvent> Events, IReadOnlyList<DeadLetter> DeadLetters, bool SourceIdle = false);

/// <summary>
/// The normalize step. Each source's multi-line state (an unfinished stack trace, a CSV header) lives in the
/// <see cref="LogPipelineTopology.CarriedEventStore"/> (<see cref="CarriedState.Normalizer"/>), so a record continuing
/// the previous one is merged into it, and a wall-clock punctuation flushes the last event of a source that went quiet.
/// Records arrive keyed by source.
/// One outcome is forwarded per raw record (a chunk of lines from <c>fm push</c> carries hundreds), so the steps after
/// this one pay their per-record costs per chunk, not per line.
/// </summary>
public sealed class NormalizeTransformer(LogNormalizer normalizer, CommitCountingStoreSupplier commits, ILogger logger) : ITransformer<string, byte[], string, NormalizeOutcome>
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly OffsetGapTracker rawGaps = new();

    // Wall-clock arrival of each source's last record. Idleness is judged by it, not by the records' timestamps: a
    // backlog read late (consumer lag, a replay) carries old timestamps, and would look idle on every tick, cutting
    // stack traces and repeat bursts once a second. Not persisted: after a restart a source counts from its first tick.
    private readonly Dictionary<string, long> lastArrival = [];
    private ProcessorContext<string, NormalizeOutcome>? context;
    private CarriedStates? states;

    /// <summary>Streamiz requires a parameterless constructor; the topology passes its collaborators to the other one.</summary>
    public NormalizeTransformer()
        : this(new LogNormalizer(), new CommitCountingStoreSupplier(LogPipelineTopology.CarriedEventStore), NullLogger.Instance)
    {
    }

    public void Init(ProcessorContext<string, NormalizeOutcome> processorContext)
    {
        context = processorContext;
        states = CarriedStates.Of((IKeyValueStore<string, byte[]>)processorContext.GetStateStore(LogPipelineTopology.CarriedEventStore), commits, processorContext.Id);
        processorContext.Schedule(FlushInterval, PunctuationType.PROCESSING_TIME, now => FlushQuietSources(DateTimeOffset.FromUnixTimeMilliseconds(now)));
    }

    public Record<string, NormalizeOutcome>? Process(Record<string, byte[]> record)
    {
        PipelineMetrics.Count(LogPipelineTopology.NormalizeStep, "consumed");
        var source = record.Key;
        var value = record.Value ?? [];
        var position = record.TopicPartitionOffset;
        var origin = new RawOffset(
            position.Topic, position.Partition.Value, position.Offset.Value, Fingerprint: RawFingerprint.Of(record.Timestamp.UnixTimestampMs, source, value));
        DeadLetterGap(source, origin, DateTimeOffset.FromUnixTimeMilliseconds(context!.WallClockTime));
        // The steps after this one run inside Forward, so this span covers the record's whole way through the topology;
        // the records it produces carry it as their parent (Streamiz copies the input record's headers to them).
        using var timer = PipelineMetrics.StepDuration.WithLabels(LogPipelineTopology.NormalizeStep).NewTimer();
        using var activity = KafkaTraceContext.StartProcess(position.Topic, position.Partition.Value, position.Offset.Value, record.Headers);
        if (record.Headers is { } headers)
        {
            KafkaTraceContext.Inject(activity, headers);
        }

        var received = record.Timestamp.UtcDateTime is var at && at > DateTime.UnixEpoch ? new DateTimeOffset(at) : DateTimeOffset.UnixEpoch;
        if (SourceNames.Problem(source) is { } problem)
        {
            // Refused before any state is kept under the name: its lines, findings and templates could not be stored.
            return DeadLettered(new DeadLetter($"the source name {problem} ({nameof(SourceNames)}.{nameof(SourceNames.MaxLength)})", LogPipelineTopology.NormalizeStep, source, origin, value, received), record);
        }

        lastArrival[source] = context!.WallClockTime;
        var normalized = false;
        try
        {
            var carried = states!.ReadFor(source, origin.Offset, logger);
            var (result, state) = normalizer.Accept(new RawRecord(source, value, origin, received, RawLogPublisher.TruncatedFrom(record.Headers)), carried.Normalizer);
            normalized = true;
            // Remember before forgetting: the completed events go downstream (the collapser's part of the same record,
            // logs.normalized) before this step's part no longer holds them. The collapse step reads the state this
            // record started from and writes its part during Forward; this step's part is written over what it wrote.
            Forward(source, result);
            Save(source, state, origin.Offset);
        }
        catch (Exception exception)
        {
            // The normalize and collapse steps write their carried state after their Forward, so a failure inside it
            // leaves the state this record started from: the next record of the source continues from there.
            var failedStep = normalized ? "a step after normalize" : "normalizer";
            logger.LogError(exception, "Processing {Origin} from {Source} failed ({Step}); dead-lettering the record", origin, source, failedStep);
            PipelineMetrics.Count(LogPipelineTopology.NormalizeStep, "failed");
            return DeadLettered(new DeadLetter($"{failedStep} failed: {exception.Message}", LogPipelineTopology.NormalizeStep, source, origin, value, received), record);
        }

        return null;
    }

    /// <summary>The record's only outcome: <paramref name="deadLetter"/>, counted.</summary>
    private static Record<string, NormalizeOutcome> DeadLettered(DeadLetter deadLetter, Record<string, byte[]> record)
    {
        Count(new NormalizationResult([], [deadLetter]));
        // Returned, not forwarded through the context: a step after this one that threw inside Forward left
        // Streamiz's context on its own node (ProcessorContext.Forward restores it only on success), and a Forward
        // through the context then offered the dead letter to that node's children, which take no NormalizeOutcome
        // and dropped it without a word. Streamiz forwards a returned record from this step's node.
        return Record<string, NormalizeOutcome>.Create(record.Key, new NormalizeOutcome([], [deadLetter]), record.Headers);
    }

    public void Close()
    {
    }

    private void FlushQuietSources(DateTimeOffset now)
    {
        foreach (var source in states!.Sources())
        {
            var carried = states.Read(source);
            var state = carried.Normalizer;
            if (state.Pending is null)
            {
                lastArrival.Remove(source);
                continue;
            }

            if (!lastArrival.TryGetValue(source, out var arrived))
            {
                lastArrival[source] = now.ToUnixTimeMilliseconds();
                continue;
            }

            if (now.ToUnixTimeMilliseconds() - arrived < normalizer.IdleTimeout.TotalMilliseconds)
            {
                continue;
            }

            lastArrival.Remove(source);
            var (result, flushed) = normalizer.Flush(state, DateTimeOffset.MaxValue);
            if (result.Events.Count + result.DeadLetters.Count > 0)
            {
                Forward(source, result, sourceIdle: true);
                Save(source, flushed, carried.Offset);
            }
        }
    }

    /// <summary>Writes this step's part over the record as the collapse step left it during Forward (its part).</summary>
    private void Save(string source, SourceState state, long offset)
    {
        var current = states!.Read(source);
        states.Write(source, current, current with { Normalizer = state, Offset = offset });
    }

    private void Forward(string source, NormalizationResult result, bool sourceIdle = false)
    {
        if (result.Events.Count + result.DeadLetters.Count > 0)
        {
            context!.Forward(source, new NormalizeOutcome(result.Events, result.DeadLetters, sourceIdle));
        }

        Count(result);
    }

    private static void Count(NormalizationResult result)
    {
        PipelineMetrics.Count(LogPipelineTopology.NormalizeStep, "produced", result.Events.Count);
        PipelineMetrics.Count(LogPipelineTopology.NormalizeStep, "deadlettered", result.DeadLetters.Count);
    }

    /// <summary>
    /// Dead-letters the records the broker dropped before <paramref name="origin"/>, as one dead letter forwarded while
    /// processing the record that revealed them: Streamiz commits that record's offset only once what it forwarded is on
    /// logs.deadletter, so a worker stopped before then finds the same gap again when it replays the record.
    /// </summary>
    private void DeadLetterGap(string source, RawOffset origin, DateTimeOffset foundAt)
    {
        if (rawGaps.Observe(origin.Topic, origin.Partition, origin.Offset) is not { } gap)
        {
            return;
        }

        gap.Report(logger, LogPipelineTopology.NormalizeStep);
        context!.Forward(source, new NormalizeOutcome([], [gap.ToDeadLetter(LogPipelineTopology.NormalizeStep, origin.Fingerprint, foundAt)]));
    }
}
