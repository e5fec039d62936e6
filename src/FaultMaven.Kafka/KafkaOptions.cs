namespace FaultMaven.Pipeline;

/// <summary>Configuration section <c>FaultMaven:Kafka</c>.</summary>
public sealed class KafkaOptions
{
    public const string Section = "FaultMaven:Kafka";

    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Confluent Schema Registry URL; empty means the built-in, server-less registry.</summary>
    public string? SchemaRegistryUrl { get; set; }

    public string ApplicationId { get; set; } = "faultmaven-pipeline";

    /// <summary>Partitions of every pipeline topic when the dev broker creates them.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Extra librdkafka properties for every client, e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>, <c>ssl.ca.location</c>.</summary>
    public Dictionary<string, string> Client { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            yield return $"{Section}:BootstrapServers is required (e.g. 127.0.0.1:19092)";
        }

        if (string.IsNullOrWhiteSpace(ApplicationId))
        {
            yield return $"{Section}:ApplicationId must not be empty";
        }

        if (Partitions < 1)
        {
            yield return $"{Section}:Partitions must be at least 1 (was {Partitions})";
        }

        if (!string.IsNullOrWhiteSpace(SchemaRegistryUrl) && !Uri.TryCreate(SchemaRegistryUrl, UriKind.Absolute, out _))
        {
            yield return $"{Section}:SchemaRegistryUrl is not an absolute URL: {SchemaRegistryUrl}";
        }
    }
}
