using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Tracing;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Prometheus;

namespace FaultMaven.Worker.Sinks;

/// <summary>What a sink reads and where it writes; one per stored topic.</summary>
/// <param name="Name">Names the consumer group, the dead-letter step (<c>sink-NAME</c>), the metrics and the stall check.</param>
/// <param name="Decode">One Kafka record's value to its items (one per record today, a chunk of lines once records carry
/// batches); throws on a value it cannot read, which dead-letters the whole record.</param>
/// <param name="Write">Stores items all-or-nothing (one statement or transaction) or idempotently: a batch the database
/// rejects is written again in parts to find the items at fault.</param>
/// <param name="SourceOf">The log source of an item, recorded on its dead letter.</param>
/// <param name="IdentityOf">What the item's table keys it by, as text (<see cref="DeadLetter.ItemId"/>), for a sink whose items
/// a replay can carry again: the dead letter of an item the database rejects is then stored once per item, however many
/// records carry it. A replay after a crash puts items
/// in new records (a restarted worker releases again the events its sources carried across its last commit, and
/// updates a finding again), whose positions alone would store their dead letters again on every restart.</param>
/// <param name="WritesCommute">Whether two batches may be written at the same time: true only when a write is idempotent
/// and its outcome does not depend on the order of batches (a row per item, keyed by its origin). Such a sink prepares
/// and writes the next batch while the one before is still being written (<see cref="SinkOptions.WritesInFlight"/>).</param>
public sealed record SinkDefinition<T>(
    string Name,
    string Topic,
    Func<byte[], IReadOnlyList<T>> Decode,
    Func<IServiceProvider, IReadOnlyList<T>, CancellationToken, Task> Write,
    Func<T, string?> SourceOf,
    bool WritesCommute = false,
    Func<T, string>? IdentityOf = null);

/// <summary>A decoded item and where it came from: <paramref name="Origin"/> is its Kafka record's position with the item's
/// index in that record, <paramref name="Record"/> the record's bytes; both go on the item's dead letter.</summary>
public sealed record SinkItem<T>(T Value, RawOffset Origin, byte[] Record);

/// <summary>
/// Consumes a topic in batches and writes each batch to PostgreSQL, committing offsets only after the write:
/// at-least-once, made exactly-once in the tables by idempotent writes. Nothing is skipped silently and one bad record
/// does not stop the others: a record that cannot be decoded, and an item that PostgreSQL or its client rejects
/// deterministically (<see cref="WriteFailures.IsDataError"/>), is isolated (<see cref="PoisonIsolation"/>) and stored as a
/// dead letter with the reason and its origin, while the rest of the batch is written. Other failures (connection lost,
/// timeouts) are retried with jittered exponential back-off until the write is durable, the consumer staying in its group
/// meanwhile; <see cref="SinkMonitor"/> reports a sink that stops advancing. A sink whose loop fails stops the worker with
/// exit code 1, so that its supervisor restarts it and it replays from the last commit.
/// </summary>
public sealed class TopicSink<T> : BackgroundService
{
    // A write slower than this pauses the assigned partitions and keeps polling, so the group never sees the
    // consumer exceed max.poll.interval.ms while it waits for PostgreSQL.
    private static readonly TimeSpan HoldAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollWhileHolding = TimeSpan.FromMilliseconds(200);

    private readonly OffsetGapTracker offsetGaps = new();
    private readonly SinkDefinition<T> definition;
    private readonly IServiceProvider services;
    private readonly SinkMonitor monitor;
    private readonly TimeProvider clock;
    private readonly IHostApplicationLifetime lifetime;
    private readonly KafkaOptions kafka;
    private readonly SinkOptions options;
    private readonly ILogger<TopicSink<T>> logger;
    private readonly ResiliencePipeline retry;

    public TopicSink(
        SinkDefinition<T> definition,
        IServiceProvider services,
        SinkMonitor monitor,
        TimeProvider clock,
        IHostApplicationLifetime lifetime,
        IOptions<KafkaOptions> kafka,
        IOptions<SinkOptions> options,
        ILogger<TopicSink<T>> logger)
    {
        this.definition = definition;
        this.services = services;
        this.monitor = monitor;
        this.clock = clock;
        this.lifetime = lifetime;
        this.kafka = kafka.Value;
        this.options = options.Value;
        this.logger = logger;
        retry = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException && !WriteFailures.IsDataError(e)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = this.options.RetryDelay,
                MaxDelay = this.options.MaxRetryDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = LogRetry,
            })
            .Build();
    }

    public string GroupId => ConsumerGroups.Sink(kafka, definition.Name);

    /// <summary>The step its dead letters and metrics are recorded under.</summary>
    public string Step => $"sink-{definition.Name}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            ConsumeUntilStopped(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "Sink {Sink} stopped on an error; stopping the worker", definition.Name);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private void ConsumeUntilStopped(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaClients.Consumer(kafka, GroupId))
            .SetPartitionsAssignedHandler((c, partitions) => ResumeFromCommitted(c, partitions))
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka error in sink {Sink}: {Reason}", definition.Name, error.Reason))
            .Build();
        consumer.Subscribe(definition.Topic);
        logger.LogInformation("Sink {Sink} consuming {Topic} as group {Group}", definition.Name, definition.Topic, GroupId);
        monitor.Advanced(definition.Name);
        // Offsets are committed in the order the batches were read, each once its write and every earlier one are durable;
        // a later write finishing first is only committed with them, so a crash replays it (the writes are idempotent).
        var inFlight = new Queue<(List<ConsumeResult<Ignore, byte[]>> Batch, Task Write)>();
        var mostInFlight = definition.WritesCommute ? options.WritesInFlight : 1;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var (batch, gaps) = ReadBatch(consumer, stoppingToken);
                if (batch.Count > 0)
                {
                    // Decoding and sealing a batch is CPU work of its own (a fifth of a logs write): on the thread pool it
                    // overlaps with this loop reading the next batch, instead of holding the reads up.
                    inFlight.Enqueue((batch, Task.Run(() => WriteDurably(batch, gaps, stoppingToken), CancellationToken.None)));
                }

                var committed = false;
                while (inFlight.TryPeek(out var oldest) && (oldest.Write.IsCompleted || inFlight.Count >= mostInFlight))
                {
                    inFlight.Dequeue();
                    KeepInGroupUntil(consumer, oldest.Write);
                    oldest.Write.GetAwaiter().GetResult();
                    Commit(consumer, oldest.Batch);
                    committed = true;
                }

                // A write still in flight is not progress: a blocked one must show as a stall, not hide behind an idle loop.
                if (committed || inFlight.Count == 0)
                {
                    monitor.Advanced(definition.Name);
                }
            }
        }
        finally
        {
            // Stopping: what is already durable is committed (in order); the rest was cancelled and is replayed.
            while (inFlight.TryDequeue(out var pending) && pending.Write.IsCompletedSuccessfully)
            {
                Commit(consumer, pending.Batch);
            }

            consumer.Close();
        }
    }

    /// <summary>Reads a batch, and the dead letters of the offset gaps found before its records.</summary>
    private (List<ConsumeResult<Ignore, byte[]>> Batch, List<DeadLetter> Gaps) ReadBatch(IConsumer<Ignore, byte[]> consumer, CancellationToken stoppingToken)
    {
        var batch = new List<ConsumeResult<Ignore, byte[]>>();
        var gaps = new List<DeadLetter>();
        var started = clock.GetTimestamp();
        long bytes = 0;
        while (batch.Count < options.MaxBatchSize && bytes < options.MaxBatchBytes)
        {
            var remaining = options.MaxBatchDelay - clock.GetElapsedTime(started);
            var result = consumer.Consume(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            if (result is null)
            {
                break;
            }

            if (GapBefore(result) is { } gap)
            {
                gaps.Add(gap);
            }

            batch.Add(result);
            bytes += result.Message.Value?.Length ?? 0;
            stoppingToken.ThrowIfCancellationRequested();
        }

        return (batch, gaps);
    }

    /// <summary>
    /// Writes every decodable item, dead-letters the rest with their reasons and stores the batch's offset gaps; returns
    /// once all of it is durable. The batch is committed only then, so a gap found and not yet stored is found again
    /// when the batch is replayed.
    /// </summary>
    private async Task WriteDurably(List<ConsumeResult<Ignore, byte[]>> batch, List<DeadLetter> gaps, CancellationToken stoppingToken)
    {
        using var timer = PipelineMetrics.StepDuration.WithLabels(Step).NewTimer();
        using var activity = KafkaTraceContext.StartBatchProcess(definition.Topic, batch.Select(result => result.Message.Headers), batch.Count);
        var (items, deadLetters) = Decode(batch);
        var outcome = await PoisonIsolation.WriteAsync(
            items,
            part => retry.ExecuteAsync(
                async token => await definition.Write(services, part.Select(item => item.Value).ToList(), token),
                stoppingToken).AsTask(),
            WriteFailures.IsDataError);
        foreach (var (item, error) in outcome.Rejected)
        {
            logger.LogWarning("Sink {Sink} dead-letters the item at {Origin}: {Reason}", definition.Name, item.Origin, WriteFailures.Describe(error));
            deadLetters.Add(DeadLetterFor(item.Origin, definition.SourceOf(item.Value), item.Record, $"rejected when stored: {WriteFailures.Describe(error)}")
                with { ItemId = definition.IdentityOf?.Invoke(item.Value) });
        }

        if (deadLetters.Count + gaps.Count > 0)
        {
            await retry.ExecuteAsync(async token => await SinkRegistrations.WriteDeadLetters(services, [.. deadLetters, .. gaps], token), stoppingToken);
        }

        PipelineMetrics.Count(Step, "consumed", batch.Count);
        PipelineMetrics.Count(Step, "stored", outcome.Written.Count);
        PipelineMetrics.Count(Step, "deadlettered", deadLetters.Count);
    }

    private (List<SinkItem<T>> Items, List<DeadLetter> Undecodable) Decode(List<ConsumeResult<Ignore, byte[]>> batch)
    {
        var items = new List<SinkItem<T>>(batch.Count);
        var undecodable = new List<DeadLetter>();
        foreach (var result in batch)
        {
            var record = result.Message.Value ?? [];
            try
            {
                var decoded = definition.Decode(result.Message.Value ?? throw new InvalidDataException("the record has no value"));
                for (var index = 0; index < decoded.Count; index++)
                {
                    items.Add(new SinkItem<T>(decoded[index], Origin(result, index), record));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                undecodable.Add(DeadLetterFor(Origin(result, 0), null, record, $"undecodable {definition.Topic} record: {exception.Message}"));
            }
        }

        return (items, undecodable);
    }

    private DeadLetter DeadLetterFor(RawOffset origin, string? source, byte[] record, string reason) =>
        new(reason, Step, source, origin, record, clock.GetUtcNow());

    private static RawOffset Origin(ConsumeResult<Ignore, byte[]> result, int index) =>
        new(result.Topic, result.Partition.Value, result.Offset.Value, index);

    /// <summary>
    /// Waits for a write while keeping the consumer in its group: past <see cref="HoldAfter"/> it pauses the assignment
    /// and polls, which fetches nothing but serves rebalances and resets the poll-interval timer.
    /// </summary>
    private static void KeepInGroupUntil(IConsumer<Ignore, byte[]> consumer, Task write)
    {
        if (Task.WaitAny([write], HoldAfter) == 0)
        {
            return;
        }

        consumer.Pause(consumer.Assignment);
        try
        {
            while (!write.IsCompleted)
            {
                if (consumer.Consume(PollWhileHolding) is { } early)
                {
                    // From a partition assigned during the wait, so not paused: put it back for after the wait.
                    consumer.Seek(early.TopicPartitionOffset);
                    consumer.Pause([early.TopicPartition]);
                }
            }
        }
        finally
        {
            consumer.Resume(consumer.Assignment);
        }
    }

    private void Commit(IConsumer<Ignore, byte[]> consumer, List<ConsumeResult<Ignore, byte[]>> batch)
    {
        try
        {
            consumer.Commit(NextOffsets(batch));
        }
        catch (KafkaException exception)
        {
            // Typically partitions revoked during a long write: their new owner replays them, and the writes are idempotent.
            logger.LogWarning("Sink {Sink} could not commit its batch ({Reason}); its records will be replayed", definition.Name, exception.Error.Reason);
        }
    }

    private ValueTask LogRetry(OnRetryArguments<object> retrying)
    {
        PipelineMetrics.Count(Step, "failed");
        var exception = retrying.Outcome.Exception!;
        if (WriteFailures.IsTransient(exception))
        {
            logger.LogWarning("Sink {Sink} write failed (attempt {Attempt}: {Reason}); retrying in {Delay}", definition.Name, retrying.AttemptNumber + 1, WriteFailures.Describe(exception), retrying.RetryDelay);
        }
        else
        {
            logger.LogError(exception, "Sink {Sink} write failed on an unclassified error (attempt {Attempt}); retrying in {Delay}", definition.Name, retrying.AttemptNumber + 1, retrying.RetryDelay);
        }

        return ValueTask.CompletedTask;
    }

    private void ResumeFromCommitted(IConsumer<Ignore, byte[]> consumer, List<TopicPartition> partitions)
    {
        foreach (var committed in consumer.Committed(partitions, TimeSpan.FromSeconds(10)))
        {
            offsetGaps.Resume(committed.Topic, committed.Partition.Value, committed.Offset.Value);
        }
    }

    /// <summary>The dead letter of the records the broker dropped before <paramref name="result"/>, null when none is missing.</summary>
    private DeadLetter? GapBefore(ConsumeResult<Ignore, byte[]> result)
    {
        if (offsetGaps.Observe(result.Topic, result.Partition.Value, result.Offset.Value) is not { } gap)
        {
            return null;
        }

        gap.Report(logger, Step);
        // The sink reads no key: the record's timestamp and value tell this log's record from one at the same offset of a
        // broker generation before.
        return gap.ToDeadLetter(Step, RawFingerprint.Of(result.Message.Timestamp.UnixTimestampMs, null, result.Message.Value), clock.GetUtcNow());
    }

    private static IEnumerable<TopicPartitionOffset> NextOffsets(List<ConsumeResult<Ignore, byte[]>> batch) =>
        batch.GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, new Offset(g.Max(r => r.Offset.Value) + 1)));
}
