using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;

namespace FaultMaven.Pipeline;

/// <summary>The Streamiz settings of the pipeline's stream: the group session timeout of <see cref="KafkaClients"/>, with the configured extra properties applied last.</summary>
public static class PipelineStreamConfig
{
    public static StreamConfig Create(KafkaOptions options, ILoggerFactory loggerFactory)
    {
        var config = new StreamConfig
        {
            ApplicationId = options.ApplicationId,
            BootstrapServers = options.BootstrapServers,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = KafkaClients.SessionTimeoutMs,
            Guarantee = ProcessingGuarantee.AT_LEAST_ONCE,
            CommitIntervalMs = 200,
            CompressionType = CompressionType.Lz4,
            Logger = loggerFactory,
        };
        foreach (var (key, value) in options.Client)
        {
            config.AddConfig(key, value);
        }

        return config;
    }
}
