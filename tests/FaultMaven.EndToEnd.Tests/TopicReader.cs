using Confluent.Kafka;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>Reads a topic back from the start, as a test's own consumer group (nothing committed).</summary>
public static class TopicReader
{
    /// <summary>Hands every record of every partition to <paramref name="each"/>, up to each partition's end at the time of reading.</summary>
    /// <exception cref="TimeoutException">The partitions were not read to their end within a minute.</exception>
    public static void ReadToEnd(string bootstrapServers, string topic, Action<ConsumeResult<byte[], byte[]>> each)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers, GroupId = $"{topic}-read-{Guid.NewGuid():N}", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false, EnablePartitionEof = true,
        }).Build();
        const int partitions = RunningSystem.Partitions;
        consumer.Assign(Enumerable.Range(0, partitions).Select(partition => new TopicPartitionOffset(topic, partition, Offset.Beginning)));
        var ended = new HashSet<int>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (ended.Count < partitions)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{topic} not read to its end in 60 s (partitions at their end: {string.Join(", ", ended)})");
            }

            if (consumer.Consume(TimeSpan.FromSeconds(1)) is not { } record)
            {
                continue;
            }

            if (record.IsPartitionEOF)
            {
                ended.Add(record.Partition.Value);
            }
            else
            {
                each(record);
            }
        }
    }
}
