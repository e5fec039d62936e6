using FaultMaven.Testing.Processes;

namespace FaultMaven.Api.Tests;

public sealed class ApiDependencyTests
{
    [Theory]
    [InlineData("FaultMaven.Api")]
    [InlineData("FaultMaven.Cli")]
    public void A_kafka_producer_references_the_kafka_project_and_not_the_stream_processor(string project)
    {
        var closure = ProjectClosure.Of(project);

        Assert.Contains("FaultMaven.Kafka", closure.Projects);
        Assert.Contains("Confluent.Kafka", closure.Packages);
        Assert.DoesNotContain("FaultMaven.Pipeline", closure.Projects);
        Assert.DoesNotContain("Streamiz.Kafka.Net", closure.Packages);
    }

    [Fact]
    public void The_worker_still_carries_the_stream_processor()
    {
        var closure = ProjectClosure.Of("FaultMaven.Worker");

        Assert.Contains("FaultMaven.Pipeline", closure.Projects);
        Assert.Contains("Streamiz.Kafka.Net", closure.Packages);
    }
}
