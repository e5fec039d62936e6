using FaultMaven.DevBroker;
using FaultMaven.Pipeline;

namespace FaultMaven.Testing.Kafka;

/// <summary>An in-process dev Kafka cluster on a free port with every pipeline topic created; share it with
/// <c>IClassFixture&lt;DevBrokerFixture&gt;</c> or a collection fixture.</summary>
/// <remarks>The mock cluster has no Admin API: create any other topic with <see cref="CreateTopic"/> before a client
/// uses it (producing to a missing topic auto-creates it with 4 partitions; subscribing creates nothing).
/// Build clients with <see cref="KafkaTestClient"/> so every group member has the same short session timeout.</remarks>
public sealed class DevBrokerFixture : IDisposable
{
    public const int PipelinePartitions = 4;

    private readonly DevKafkaCluster cluster = DevKafkaCluster.Start(new DevBrokerOptions { Port = 0 });

    public DevBrokerFixture()
    {
        foreach (var topic in PipelineTopics.Required(PipelinePartitions))
        {
            this.cluster.CreateTopic(topic.Name, topic.Partitions);
        }

        Client = new KafkaTestClient(this.cluster.BootstrapServers);
    }

    public string BootstrapServers => this.cluster.BootstrapServers;

    public KafkaTestClient Client { get; }

    /// <summary>Creates a topic with a fresh name, so tests sharing the fixture do not see each other's records.</summary>
    public string CreateTopic(int partitions = 1, string prefix = "test")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        this.cluster.CreateTopic(name, partitions);
        return name;
    }

    /// <summary>Stops the broker (connections closed and refused) keeping its records, or starts it again (<paramref name="up"/>).</summary>
    public void SetUp(bool up) => this.cluster.SetBrokersUp(up);

    /// <summary>Delays the broker's answers, so a test can act between the acknowledgements of one producer's records.</summary>
    public void SetRoundTripTime(TimeSpan roundTrip) => this.cluster.SetRoundTripTime(roundTrip);

    public void Dispose() => this.cluster.Dispose();
}
