using Confluent.Kafka;
using FaultMaven.Contracts;

namespace FaultMaven.Pipeline;

/// <summary>The consumer groups of the pipeline, what each reads, and how far behind each is.</summary>
public static class ConsumerGroups
{
    public const string LogsSink = "logs";
    public const string FindingsSink = "findings";
    public const string DeadLettersSink = "deadletters";

    public static string Sink(KafkaOptions options, string sink) => $"{options.ApplicationId}-sink-{sink}";

    /// <summary>Streamiz uses the application id as its group id.</summary>
    public static IReadOnlyList<(string Group, string Topic)> All(KafkaOptions options) =>
    [
        (options.ApplicationId, Topics.Raw),
        (Sink(options, LogsSink), Topics.Normalized),
        (Sink(options, FindingsSink), Topics.Findings),
        (Sink(options, DeadLettersSink), Topics.DeadLetter),
    ];

    /// <summary>
    /// Records not yet committed by <paramref name="group"/> on <paramref name="topic"/>, summed over partitions.
    /// Uses offset fetches rather than the Admin API, which the dev broker lacks.
    /// </summary>
    public static long Lag(KafkaOptions options, string group, string topic, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClients.Consumer(options, group)).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(topic, timeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId))
            .ToList();
        return consumer.Committed(partitions, timeout).Sum(committed =>
        {
            var watermarks = consumer.QueryWatermarkOffsets(committed.TopicPartition, timeout);
            var position = committed.Offset == Offset.Unset ? watermarks.Low.Value : committed.Offset.Value;
            return Math.Max(0, watermarks.High.Value - position);
        });
    }
}
