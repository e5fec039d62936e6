using FaultMaven.Contracts;

namespace FaultMaven.Pipeline;

/// <summary>Every topic the pipeline reads or writes, including the internal ones its topologies declare.</summary>
/// <remarks>The dev broker has no Admin API, so it creates these up front; a real cluster gets them from Streamiz.</remarks>
public static class PipelineTopics
{
    public static IReadOnlyList<TopicSpec> Required(int partitions) =>
    [
        new(Topics.Raw, partitions),
        new(Topics.Normalized, partitions),
        new(Topics.Findings, partitions),
        new(Topics.DeadLetter, partitions),
    ];
}
