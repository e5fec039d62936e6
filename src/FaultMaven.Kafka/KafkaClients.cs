using Confluent.Kafka;

namespace FaultMaven.Pipeline;

/// <summary>Client settings shared by every FaultMaven Kafka client, with the configured extra properties applied last.</summary>
/// <remarks>The Streamiz settings of the pipeline's stream are <c>PipelineStreamConfig</c> in FaultMaven.Pipeline, which alone depends on Streamiz.</remarks>
public static class KafkaClients
{
    /// <summary>Every group member must use the same short session timeout, or a restarted member waits for the old one to expire.</summary>
    public const int SessionTimeoutMs = 6000;

    public static ConsumerConfig Consumer(KafkaOptions options, string groupId) => WithClientProperties(
        new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = SessionTimeoutMs,
        },
        options);

    public static ProducerConfig Producer(KafkaOptions options) => WithClientProperties(
        new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            CompressionType = CompressionType.Lz4,
            LingerMs = 5,
        },
        options);

    public static AdminClientConfig Admin(KafkaOptions options) =>
        WithClientProperties(new AdminClientConfig { BootstrapServers = options.BootstrapServers }, options);

    private static T WithClientProperties<T>(T config, KafkaOptions options)
        where T : ClientConfig
    {
        foreach (var (key, value) in options.Client)
        {
            config.Set(key, value);
        }

        return config;
    }
}
