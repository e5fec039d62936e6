using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Serialization;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker.Sinks;

/// <summary>What a sink reads and where it writes; one per stored topic. <paramref name="Decode"/> turns one record's value into its items (a batch of log events, or one finding).</summary>
public sealed record SinkDefinition<T>(string Name, string Topic, Func<byte[], string, IReadOnlyList<T>> Decode, Func<IServiceProvider, IReadOnlyList<T>, CancellationToken, Task> Write);

/// <summary>
/// Consumes a topic in batches and writes each batch to PostgreSQL, committing offsets only after the write:
/// at-least-once, made exactly-once in the tables by idempotent writes. A record that cannot be decoded is
/// stored as a dead letter with the reason; nothing is skipped silently.
/// </summary>
public sealed class TopicSink<T>(
    SinkDefinition<T> definition,
    IServiceProvider services,
    IOptions<KafkaOptions> kafka,
    IOptions<SinkOptions> options,
    ILogger<TopicSink<T>> logger) : BackgroundService
{
    private readonly OffsetGapTracker gaps = new();

    public string GroupId => ConsumerGroups.Sink(kafka.Value, definition.Name);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Run(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaClients.Consumer(kafka.Value, GroupId))
            .SetPartitionsAssignedHandler((c, partitions) => ResumeFromCommitted(c, partitions))
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka error in sink {Sink}: {Reason}", definition.Name, error.Reason))
            .Build();
        consumer.Subscribe(definition.Topic);
        logger.LogInformation("Sink {Sink} consuming {Topic} as group {Group}", definition.Name, definition.Topic, GroupId);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = ReadBatch(consumer, stoppingToken);
                if (batch.Count > 0)
                {
                    await WriteUntilDurable(batch, stoppingToken);
                    consumer.Commit(NextOffsets(batch));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    private List<ConsumeResult<Ignore, byte[]>> ReadBatch(IConsumer<Ignore, byte[]> consumer, CancellationToken stoppingToken)
    {
        var batch = new List<ConsumeResult<Ignore, byte[]>>();
        var deadline = DateTime.UtcNow + options.Value.MaxBatchDelay;
        long bytes = 0;
        while (batch.Count < options.Value.MaxBatchSize && bytes < options.Value.MaxBatchBytes)
        {
            var remaining = deadline - DateTime.UtcNow;
            var result = consumer.Consume(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            if (result is null)
            {
                break;
            }

            ReportGap(result);
            batch.Add(result);
            bytes += result.Message.Value?.Length ?? 0;
            stoppingToken.ThrowIfCancellationRequested();
        }

        return batch;
    }

    private async Task WriteUntilDurable(List<ConsumeResult<Ignore, byte[]>> batch, CancellationToken stoppingToken)
    {
        var records = new List<T>(batch.Count);
        var undecodable = new List<DeadLetter>();
        foreach (var result in batch)
        {
            try
            {
                records.AddRange(definition.Decode(result.Message.Value ?? throw new InvalidDataException("the record has no value"), result.Topic));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                undecodable.Add(new DeadLetter(
                    $"undecodable {definition.Topic} record: {exception.Message}",
                    $"sink-{definition.Name}",
                    null,
                    new RawOffset(result.Topic, result.Partition.Value, result.Offset.Value),
                    result.Message.Value ?? [],
                    DateTimeOffset.UtcNow));
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await definition.Write(services, records, stoppingToken);
                if (undecodable.Count > 0)
                {
                    await SinkRegistrations.WriteDeadLetters(services, undecodable, stoppingToken);
                }

                PipelineMetrics.Count($"sink-{definition.Name}", "consumed", batch.Count);
                PipelineMetrics.Count($"sink-{definition.Name}", "deadlettered", undecodable.Count);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                PipelineMetrics.Count($"sink-{definition.Name}", "failed");
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * Math.Pow(2, Math.Min(attempt, 8))));
                logger.LogWarning(exception, "Sink {Sink} could not write {Count} records (attempt {Attempt}); retrying in {Delay}", definition.Name, batch.Count, attempt, delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    private void ResumeFromCommitted(IConsumer<Ignore, byte[]> consumer, List<TopicPartition> partitions)
    {
        foreach (var committed in consumer.Committed(partitions, TimeSpan.FromSeconds(10)))
        {
            gaps.Resume(committed.Topic, committed.Partition.Value, committed.Offset.Value);
        }
    }

    private void ReportGap(ConsumeResult<Ignore, byte[]> result)
    {
        var skipped = gaps.Observe(result.Topic, result.Partition.Value, result.Offset.Value);
        if (skipped > 0)
        {
            PipelineMetrics.OffsetGaps.WithLabels(result.Topic).Inc(skipped);
            logger.LogWarning("{Skipped} records missing before offset {Offset} of {Topic}/{Partition}: the broker dropped them before they were stored", skipped, result.Offset.Value, result.Topic, result.Partition.Value);
        }
    }

    private static IEnumerable<TopicPartitionOffset> NextOffsets(List<ConsumeResult<Ignore, byte[]>> batch) =>
        batch.GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, new Offset(g.Max(r => r.Offset.Value) + 1)));
}
