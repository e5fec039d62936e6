using Confluent.Kafka;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>Where one consumer group stands on one partition: its committed offset (null if it never committed) and the partition's watermarks.</summary>
public sealed record PartitionLag(string Group, string Topic, int Partition, long? Committed, long Low, long High)
{
    /// <summary>Where the group resumes: its committed offset, or the start of the log when it never committed, since it must read everything.</summary>
    public long Position => Committed ?? 0;

    /// <summary>Records still in the broker that the group has not committed.</summary>
    public long Lag => Math.Max(0, High - Math.Max(Position, Low));

    /// <summary>Records the broker dropped (they are below its low watermark) before the group committed past them.</summary>
    public long Lost => Math.Max(0, Low - Position);

    public override string ToString() => $"{Topic}/{Partition}";
}

/// <summary>One reading of every pipeline consumer group on every partition of the topic it reads.</summary>
public sealed record LagReading(IReadOnlyList<PartitionLag> Partitions)
{
    public static readonly LagReading Empty = new([]);

    /// <summary>Records written but not yet committed by <paramref name="group"/>, summed over its partitions.</summary>
    public long LagOf(string group) => Partitions.Where(p => p.Group == group).Sum(p => p.Lag);
}

/// <summary>
/// Reads the pipeline's consumer groups' committed offsets and the watermarks of the topics they read, with offset
/// fetches and list-offsets requests through plain consumers, because the dev broker has no Admin API. One reading
/// costs one metadata and one offset-fetch request per group and one watermark request per partition, a few
/// milliseconds on loopback. Not thread-safe: one reading at a time.
/// </summary>
public sealed class ConsumerLagReader(KafkaOptions options) : IDisposable
{
    private readonly Dictionary<string, (IConsumer<Ignore, Ignore> Consumer, IAdminClient Metadata)> clients = [];

    /// <param name="timeout">How long each request to the broker may take.</param>
    /// <param name="groups">The groups and the topic each reads; the pipeline's (<see cref="ConsumerGroups.All"/>) when null.</param>
    /// <exception cref="KafkaException">The broker did not answer within <paramref name="timeout"/>, or a topic is missing.</exception>
    public LagReading Read(TimeSpan timeout, IEnumerable<(string Group, string Topic)>? groups = null)
    {
        var partitions = new List<PartitionLag>();
        foreach (var (group, topic) in groups ?? ConsumerGroups.All(options))
        {
            var (consumer, metadata) = ClientsOf(group);
            var described = metadata.GetMetadata(topic, timeout).Topics.Single();
            if (described.Error.IsError)
            {
                throw new KafkaException(described.Error);
            }

            var topicPartitions = described.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
            foreach (var committed in consumer.Committed(topicPartitions, timeout))
            {
                var watermarks = consumer.QueryWatermarkOffsets(committed.TopicPartition, timeout);
                partitions.Add(new PartitionLag(
                    group,
                    topic,
                    committed.Partition.Value,
                    committed.Offset.IsSpecial ? null : committed.Offset.Value,
                    watermarks.Low.Value,
                    watermarks.High.Value));
            }
        }

        return new LagReading(partitions);
    }

    public void Dispose()
    {
        foreach (var (consumer, metadata) in clients.Values)
        {
            metadata.Dispose();
            consumer.Dispose();
        }
    }

    /// <summary>
    /// A consumer that never subscribes (it only fetches the group's offsets, so it never joins or disturbs the group)
    /// and an admin client on its handle for metadata. Both live as long as the reader: disposing an admin client waits
    /// for its result-polling task's 100 ms poll, which made one reading of four groups take 400 ms and held every
    /// waiting producer up by as much (docs/benchmarks.md, session 12).
    /// </summary>
    private (IConsumer<Ignore, Ignore> Consumer, IAdminClient Metadata) ClientsOf(string group)
    {
        if (!clients.TryGetValue(group, out var pair))
        {
            var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClients.Consumer(options, group)).Build();
            pair = (consumer, new DependentAdminClientBuilder(consumer.Handle).Build());
            clients[group] = pair;
        }

        return pair;
    }
}
