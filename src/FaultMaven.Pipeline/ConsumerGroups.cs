using Confluent.Kafka;
using FaultMaven.Contracts;

namespace FaultMaven.Pipeline;

/// <summary>The consumer groups of the pipeline and what each reads; <see cref="Ingestion.ConsumerLagReader"/> reads how far behind each is.</summary>
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
    public static long Lag(KafkaOptions options, string group, string topic, TimeSpan timeout) =>
        Position(options, group, topic, timeout).Lag;

    /// <summary>
    /// Where <paramref name="group"/> stands on <paramref name="topic"/>, as offsets summed over partitions: committed
    /// (the log start where the group has committed nothing) and end (the high watermark).
    /// </summary>
    public static GroupPosition Position(KafkaOptions options, string group, string topic, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClients.Consumer(options, group)).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(topic, timeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId))
            .ToList();
        var position = new GroupPosition(0, 0, 0);
        foreach (var offset in consumer.Committed(partitions, timeout))
        {
            var watermarks = consumer.QueryWatermarkOffsets(offset.TopicPartition, timeout);
            var committed = offset.Offset == Offset.Unset ? watermarks.Low.Value : offset.Offset.Value;
            position = new GroupPosition(
                position.Committed + committed,
                position.End + watermarks.High.Value,
                position.Lag + Math.Max(0, watermarks.High.Value - committed));
        }

        return position;
    }
}

/// <summary>
/// A consumer group's committed and end offsets on a topic, and the records written but not yet committed (a
/// partition whose committed offset is past its end, as after a dev broker restart, counts 0), each summed over partitions.
/// </summary>
public sealed record GroupPosition(long Committed, long End, long Lag);
