using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Tests;

public class PipelineTopicsTests
{
    [Fact]
    public void Required_topics_include_the_internal_topics_the_topology_declares()
    {
        var names = PipelineTopics.Required(partitions: 6, applicationId: "app").Select(t => t.Name).ToList();

        Assert.Contains(Topics.Raw, names);
        Assert.Contains(Topics.Normalized, names);
        Assert.Contains(Topics.Findings, names);
        Assert.Contains(Topics.DeadLetter, names);
        Assert.Contains($"app-{LogPipelineTopology.ErrorBurstStore}-changelog", names);
        Assert.Contains($"app-{LogPipelineTopology.CarriedEventStore}-changelog", names);
        Assert.Contains(names, n => n.StartsWith("app-", StringComparison.Ordinal) && n.EndsWith("-repartition", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_required_topic_gets_the_configured_partition_count()
    {
        var required = PipelineTopics.Required(partitions: 6);
        Assert.True(required.Count > PipelineTopics.External.Count, $"only {required.Count} topics: {string.Join(", ", required)}");
        Assert.All(required, t => Assert.Equal(6, t.Partitions));
    }
}
