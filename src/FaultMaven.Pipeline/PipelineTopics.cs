using FaultMaven.Contracts;
using Streamiz.Kafka.Net.Stream;

namespace FaultMaven.Pipeline;

/// <summary>Every topic the pipeline reads or writes, including the internal ones its topologies declare.</summary>
/// <remarks>The dev broker has no Admin API, so it creates these up front; a real cluster gets them from Streamiz.</remarks>
public static class PipelineTopics
{
    public static IReadOnlyList<string> External { get; } = [Topics.Raw, Topics.Normalized, Topics.Findings, Topics.DeadLetter];

    public static IReadOnlyList<TopicSpec> Required(int partitions, string applicationId = "faultmaven-pipeline") =>
        External.Concat(Internal(LogPipelineTopology.Describe(), applicationId))
            .Distinct()
            .Select(name => new TopicSpec(name, partitions))
            .ToArray();

    /// <summary>Changelog topics of the state stores and repartition topics, named as Streamiz names them.</summary>
    public static IEnumerable<string> Internal(ITopologyDescription description, string applicationId)
    {
        foreach (var node in description.SubTopologies.SelectMany(s => s.Nodes))
        {
            switch (node)
            {
                case IProcessorNodeDescription processor:
                    foreach (var store in processor.Stores)
                    {
                        yield return $"{applicationId}-{store}-changelog";
                    }

                    break;
                case ISinkNodeDescription { Topic: { } topic } when !External.Contains(topic):
                    yield return $"{applicationId}-{topic}";
                    break;
            }
        }
    }
}
