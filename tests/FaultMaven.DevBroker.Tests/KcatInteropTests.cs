using FaultMaven.Testing.Kafka;

namespace FaultMaven.DevBroker.Tests;

public sealed class KcatInteropTests(DevBrokerFixture broker) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public void Lines_kcat_produces_are_consumed_by_Confluent_Kafka()
    {
        var topic = broker.CreateTopic();
        string[] lines = ["<34>Oct 11 22:14:15 host sshd: Failed password", """{"level":"error","msg":"disk full"}"""];

        Kcat.Produce(broker.BootstrapServers, topic, lines);

        Assert.Equal(lines, broker.Client.ConsumeValues(topic, groupId: topic, lines.Length));
    }

    [Fact]
    public async Task Records_Confluent_Kafka_produces_are_consumed_by_kcat()
    {
        var topic = broker.CreateTopic();
        string[] values = ["level=warn msg=\"slow query\"", "plain text line"];

        await broker.Client.ProduceAsync(topic, values);

        Assert.Equal(values, Kcat.Consume(broker.BootstrapServers, topic, values.Length));
    }
}
