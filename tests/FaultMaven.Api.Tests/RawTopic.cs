using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Testing.Kafka;

namespace FaultMaven.Api.Tests;

/// <summary>What is on logs.raw of a test's broker, read from the beginning up to the high watermarks.</summary>
public static class RawTopic
{
    /// <summary>How many records each key (the source the API produced them under) has.</summary>
    public static IReadOnlyDictionary<string, int> RecordsBySource(DevBrokerFixture broker)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Read(broker, record => counts[record.Message.Key ?? ""] = counts.GetValueOrDefault(record.Message.Key ?? "") + 1);
        return counts;
    }

    /// <summary>The non-blank lines of every record produced under <paramref name="source"/>, in partition order.</summary>
    public static IReadOnlyList<string> LinesOf(DevBrokerFixture broker, string source)
    {
        var lines = new List<string>();
        Read(broker, record =>
        {
            if (record.Message.Key == source)
            {
                lines.AddRange(System.Text.Encoding.UTF8.GetString(record.Message.Value).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        });
        return lines;
    }

    /// <summary>Records on logs.raw in all, the sum of its partitions' high watermarks.</summary>
    public static long Records(DevBrokerFixture broker)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(broker.Client.ConsumerConfig($"raw-check-{Guid.NewGuid():N}")).Build();
        return Enumerable.Range(0, DevBrokerFixture.PipelinePartitions)
            .Sum(partition => consumer.QueryWatermarkOffsets(new TopicPartition(Topics.Raw, partition), TimeSpan.FromSeconds(10)).High.Value);
    }

    private static void Read(DevBrokerFixture broker, Action<ConsumeResult<string?, byte[]>> each)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(broker.Client.ConsumerConfig($"raw-check-{Guid.NewGuid():N}")).Build();
        for (var partition = 0; partition < DevBrokerFixture.PipelinePartitions; partition++)
        {
            var topicPartition = new TopicPartition(Topics.Raw, partition);
            var high = consumer.QueryWatermarkOffsets(topicPartition, TimeSpan.FromSeconds(10)).High.Value;
            if (high == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(topicPartition, Offset.Beginning));
            for (var read = 0L; read < high;)
            {
                var record = consumer.Consume(KafkaTestClient.ConsumeTimeout) ?? throw new TimeoutException($"{Topics.Raw}/{partition}: read {read} of {high} records");
                read = record.Offset.Value + 1;
                each(record);
            }
        }
    }
}
