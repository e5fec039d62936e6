using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Testing.Kafka;

namespace FaultMaven.DevBroker.Tests;

public sealed class DevKafkaClusterTests(DevBrokerFixture broker) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public async Task Records_produced_through_the_stable_port_are_consumed_in_order()
    {
        var topic = broker.CreateTopic();
        string[] sent = ["first", "second", "third"];

        await broker.Client.ProduceAsync(topic, sent);

        Assert.Equal(sent, broker.Client.ConsumeValues(topic, groupId: topic, sent.Length));
    }

    [Fact]
    public void Metadata_advertises_the_stable_port_not_the_mock_brokers_own()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();

        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers;

        Assert.Equal([broker.BootstrapServers], brokers.Select(b => $"{b.Host}:{b.Port}"));
    }

    [Fact]
    public void Every_pipeline_topic_exists_with_the_fixture_partition_count()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();

        var partitions = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);

        Assert.All(
            [Topics.Raw, Topics.Normalized, Topics.Findings, Topics.DeadLetter],
            topic => Assert.Equal(DevBrokerFixture.PipelinePartitions, partitions.GetValueOrDefault(topic)));
    }

    [Fact]
    public async Task A_new_consumer_of_the_same_group_resumes_after_the_committed_offset()
    {
        var topic = broker.CreateTopic();
        var sent = Enumerable.Range(1, 10).Select(i => $"record {i}").ToList();
        await broker.Client.ProduceAsync(topic, sent);

        var firstMember = broker.Client.Consume(topic, groupId: topic, count: 4, commit: true);
        var secondMember = broker.Client.ConsumeValues(topic, groupId: topic, count: 6);

        Assert.Equal(sent[..4], firstMember.Select(r => r.Message.Value));
        Assert.Equal(sent[4..], secondMember);
    }
}
