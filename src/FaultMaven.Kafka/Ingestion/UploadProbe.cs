using System.Text;
using Confluent.Kafka;
using FaultMaven.Contracts;
using Microsoft.Extensions.Options;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>
/// Reads logs.raw back to learn which chunks of an interrupted upload reached the broker although their producer never
/// heard so (<see cref="ChunkFate.Unknown"/>): the records carrying the upload's <see cref="RawLogPublisher.ChunkHeader"/>.
/// </summary>
public sealed class UploadProbe(IOptions<KafkaOptions> options)
{
    /// <summary>
    /// The chunk indexes of <paramref name="uploadId"/> on logs.raw between <paramref name="from"/> and the high watermark
    /// of <paramref name="partition"/> (of every partition when null); without <paramref name="from"/>, from the first
    /// record written at or after <paramref name="since"/> (a broker that cannot look offsets up by time is read from its
    /// oldest record).
    /// </summary>
    /// <exception cref="KafkaException">The broker did not answer within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlySet<int>> FindStoredAsync(string uploadId, int? partition, long? from, DateTimeOffset since, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(() => FindStored(uploadId, partition, from, since, timeout, cancellationToken), cancellationToken);

    private IReadOnlySet<int> FindStored(string uploadId, int? partition, long? from, DateTimeOffset since, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var prefix = Encoding.UTF8.GetBytes(uploadId + ":");
        var found = new HashSet<int>();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClients.Consumer(options.Value, $"faultmaven-upload-probe-{Guid.NewGuid():N}")).Build();
        foreach (var start in Starts(consumer, partition, from, since, timeout))
        {
            var high = consumer.QueryWatermarkOffsets(start.TopicPartition, timeout).High.Value;
            if (start.Offset.Value >= high)
            {
                continue;
            }

            consumer.Assign(start);
            for (var next = start.Offset.Value; next < high;)
            {
                var record = consumer.Consume(timeout) ?? throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"{start.TopicPartition}: no record at {next} of {high} within {timeout.TotalSeconds:0.#} s"));
                cancellationToken.ThrowIfCancellationRequested();
                next = record.Offset.Value + 1;
                if (record.Message.Headers?.TryGetLastBytes(RawLogPublisher.ChunkHeader, out var mark) == true && mark.AsSpan().StartsWith(prefix)
                    && int.TryParse(mark.AsSpan(prefix.Length), out var index))
                {
                    found.Add(index);
                }
            }
        }

        return found;
    }

    private static IEnumerable<TopicPartitionOffset> Starts(IConsumer<Ignore, Ignore> consumer, int? partition, long? from, DateTimeOffset since, TimeSpan timeout)
    {
        if (partition is { } known && from is { } offset)
        {
            return [new TopicPartitionOffset(Topics.Raw, known, offset)];
        }

        List<TopicPartition> partitions;
        if (partition is { } one)
        {
            partitions = [new TopicPartition(Topics.Raw, one)];
        }
        else
        {
            using var metadata = new DependentAdminClientBuilder(consumer.Handle).Build();
            partitions = [.. metadata.GetMetadata(Topics.Raw, timeout).Topics.Single().Partitions.Select(p => new TopicPartition(Topics.Raw, p.PartitionId))];
        }

        try
        {
            return [.. consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(since.UtcDateTime))), timeout)
                .Select(p => p.Offset == Offset.End ? AfterNoRecordSince(consumer, p.TopicPartition, since, timeout) : p)];
        }
        catch (KafkaException)
        {
            return [.. partitions.Select(p => new TopicPartitionOffset(p, consumer.QueryWatermarkOffsets(p, timeout).Low))];
        }
    }

    /// <summary>
    /// Where to look in a partition for which the broker found no record at or after <paramref name="since"/>: its end,
    /// where nothing of the upload can be, unless its last record is that recent. Then the broker does not look offsets
    /// up by time but answers "end" to every such question, as librdkafka's mock cluster (the dev broker) does, and the
    /// partition is read from its oldest record.
    /// </summary>
    private static TopicPartitionOffset AfterNoRecordSince(IConsumer<Ignore, Ignore> consumer, TopicPartition partition, DateTimeOffset since, TimeSpan timeout)
    {
        var watermarks = consumer.QueryWatermarkOffsets(partition, timeout);
        if (watermarks.High <= watermarks.Low)
        {
            return new TopicPartitionOffset(partition, watermarks.High);
        }

        var lastOffset = watermarks.High.Value - 1;
        consumer.Assign(new TopicPartitionOffset(partition, lastOffset));
        var last = consumer.Consume(timeout) ?? throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"{partition}: no record at {lastOffset} within {timeout.TotalSeconds:0.#} s"));
        consumer.Unassign();
        return new TopicPartitionOffset(partition, last.Message.Timestamp.UtcDateTime >= since.UtcDateTime ? watermarks.Low : watermarks.High);
    }
}
