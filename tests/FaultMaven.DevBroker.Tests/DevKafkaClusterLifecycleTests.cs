using System.Net;
using System.Net.Sockets;
using FaultMaven.Testing.Kafka;

namespace FaultMaven.DevBroker.Tests;

public sealed class DevKafkaClusterLifecycleTests
{
    [Fact]
    public void Starting_on_a_taken_port_fails_naming_the_port()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = Assert.Throws<PortInUseException>(() => DevKafkaCluster.Start(new DevBrokerOptions { Port = port }));

        Assert.Contains($"127.0.0.1:{port} is already in use", error.Message);
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_each_key()
    {
        var error = Assert.Throws<InvalidDevBrokerOptionsException>(
            () => DevKafkaCluster.Start(new DevBrokerOptions { Port = -1, BrokerCount = 0 }));

        Assert.Collection(
            error.Message.Split(Environment.NewLine),
            line => Assert.StartsWith("FaultMaven:DevBroker:Port must be", line),
            line => Assert.StartsWith("FaultMaven:DevBroker:BrokerCount must be", line));
    }

    [Fact]
    public void Creating_a_topic_twice_fails_naming_the_topic()
    {
        using var cluster = DevKafkaCluster.Start(new DevBrokerOptions { Port = 0 });
        cluster.CreateTopic("twice", 1);

        var error = Assert.Throws<InvalidOperationException>(() => cluster.CreateTopic("twice", 1));

        Assert.Contains("'twice'", error.Message);
    }

    [Fact]
    public void Disposing_twice_is_harmless_and_frees_the_port()
    {
        var cluster = DevKafkaCluster.Start(new DevBrokerOptions { Port = 0 });
        var port = int.Parse(cluster.BootstrapServers.Split(':')[1]);

        cluster.Dispose();
        cluster.Dispose();

        using var successor = DevKafkaCluster.Start(new DevBrokerOptions { Port = port });
        Assert.Equal($"127.0.0.1:{port}", successor.BootstrapServers);
    }

    [Fact]
    public async Task Confluent_Kafka_and_the_cluster_share_one_loaded_librdkafka()
    {
        using var broker = new DevBrokerFixture();
        await broker.Client.ProduceAsync(broker.CreateTopic(), ["load Confluent.Kafka's librdkafka too"]);

        var librdkafkaFiles = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(5))
            .Where(path => path?.Contains("librdkafka", StringComparison.Ordinal) == true)
            .Distinct();

        Assert.Single(librdkafkaFiles);
    }
}
