using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace FaultMaven.Pipeline;

/// <summary>Asks the Kafka cluster who it is, and moves consumer groups back to the start of their topics.</summary>
public static class KafkaCluster
{
    /// <summary>The cluster id the bootstrap servers answer with (Kafka's DescribeCluster, KIP-700).</summary>
    /// <exception cref="KafkaException">No broker answered within <paramref name="timeout"/>.</exception>
    public static async Task<string> IdAsync(IAdminClient admin, TimeSpan timeout)
    {
        var cluster = await admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = timeout });
        return cluster.ClusterId ?? throw new InvalidOperationException("the Kafka cluster did not report a cluster id");
    }

    /// <summary>
    /// Commits offset 0 on every partition of <paramref name="topic"/> for <paramref name="group"/>, so its next member
    /// reads the topic from the start. It commits as a member of the group (a broker without the Admin API, as the dev
    /// broker, takes commits only from members), so the group must have no other member.
    /// </summary>
    /// <exception cref="TimeoutException">The group did not assign every partition to this member within <paramref name="timeout"/>.</exception>
    public static void RewindToStart(IAdminClient admin, KafkaOptions options, string group, string topic, TimeSpan timeout)
    {
        var partitions = admin.GetMetadata(topic, timeout).Topics.Single(t => t.Topic == topic).Partitions.Count;
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClients.Consumer(options, group)).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + timeout;
        while (consumer.Assignment.Count < partitions)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"consumer group {group} did not assign all {partitions} partitions of {topic} within {timeout} (another member still in the group?)");
            }

            consumer.Consume(TimeSpan.FromMilliseconds(200));
        }

        consumer.Commit(consumer.Assignment.Select(partition => new TopicPartitionOffset(partition, 0)));
        consumer.Close();
    }
}
