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
}

