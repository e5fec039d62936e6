using System.Diagnostics;
using Confluent.Kafka;

namespace FaultMaven.Testing.Kafka;

/// <summary>Produces and consumes test records with Confluent.Kafka, configured for the dev broker.</summary>
public sealed class KafkaTestClient(string bootstrapServers)
{
    /// <summary>How long <see cref="Consume"/> waits for the records it expects.</summary>
    public static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(30);

    public string BootstrapServers { get; } = bootstrapServers;

    public ProducerConfig ProducerConfig() => new()
    {
        BootstrapServers = BootstrapServers,
        Acks = Acks.All,
        LingerMs = 5,
    };

    /// <summary>A consumer reading from the beginning that commits only when asked.</summary>
    /// <remarks>Every member of a group must use the same short <c>session.timeout.ms</c> (6000 here): the mock
    /// broker otherwise makes a restarted member wait up to 44 s, and a member whose timeout is shorter than the
    /// pending rebalance wait can stay in REBALANCING.</remarks>
    public ConsumerConfig ConsumerConfig(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
    };

    /// <summary>Produces the values in order and returns once the broker has acknowledged all of them.</summary>
    public async Task ProduceAsync(string topic, IEnumerable<string> values, string? key = null)
    {
        using var producer = new ProducerBuilder<string?, string>(ProducerConfig()).Build();
        // Queued all at once for speed; librdkafka keeps their order within a partition.
        await Task.WhenAll(values.Select(value => producer.ProduceAsync(topic, new Message<string?, string> { Key = key, Value = value })));
    }

    /// <summary>Reads exactly <paramref name="count"/> records as a member of <paramref name="groupId"/>, then leaves the group.</summary>
    /// <param name="commit">Commit the position after the last record read, so the group's next member resumes there.</param>
    /// <exception cref="TimeoutException">Fewer records arrived within <see cref="ConsumeTimeout"/>.</exception>
    public IReadOnlyList<ConsumeResult<string?, string>> Consume(string topic, string groupId, int count, bool commit = false)
    {
        using var consumer = new ConsumerBuilder<string?, string>(ConsumerConfig(groupId)).Build();
        consumer.Subscribe(topic);
        var records = new List<ConsumeResult<string?, string>>(count);
        var waited = Stopwatch.StartNew();
        while (records.Count < count && waited.Elapsed < ConsumeTimeout)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        if (commit && records.Count > 0)
        {
            consumer.Commit(records.GroupBy(r => r.TopicPartition).Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1)));
        }

        consumer.Close();
        return records.Count == count
            ? records
            : throw new TimeoutException($"Read {records.Count} of {count} records from '{topic}' within {ConsumeTimeout.TotalSeconds} s.");
    }

    public IReadOnlyList<string> ConsumeValues(string topic, string groupId, int count) =>
        Consume(topic, groupId, count).Select(r => r.Message.Value).ToList();
}
