using Confluent.Kafka;
using FaultMaven.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FaultMaven.Pipeline;

/// <summary>Ready when the broker answers a metadata request and the pipeline's input topic exists.</summary>
public sealed class BrokerHealthCheck(IOptions<KafkaOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.Run(Check, cancellationToken);

    private HealthCheckResult Check()
    {
        try
        {
            using var admin = new AdminClientBuilder(KafkaClients.Admin(options.Value)).Build();
            var metadata = admin.GetMetadata(Topics.Raw, TimeSpan.FromSeconds(3));
            var topic = metadata.Topics.SingleOrDefault(t => t.Topic == Topics.Raw);
            return topic is { Error.IsError: false }
                ? HealthCheckResult.Healthy($"{options.Value.BootstrapServers}: {Topics.Raw} has {topic.Partitions.Count} partitions")
                : HealthCheckResult.Unhealthy($"{options.Value.BootstrapServers}: topic {Topics.Raw} is missing ({topic?.Error.Reason})");
        }
        catch (KafkaException exception)
        {
            return HealthCheckResult.Unhealthy($"broker {options.Value.BootstrapServers} unreachable", exception);
        }
    }
}
