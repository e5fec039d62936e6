using Confluent.SchemaRegistry;
using FaultMaven.Contracts;
using FaultMaven.Contracts.Avro;

namespace FaultMaven.Pipeline.Serialization;

/// <summary>The Avro SerDes of every contract record, sharing one schema-registry client.</summary>
public sealed class ContractSerDes(ISchemaRegistryClient registry)
{
    public AvroSerDes<LogEvent> LogEvent { get; } = new(registry, LogEventAvroMapper.Instance);

    /// <summary>The value of <c>logs.normalized</c>; reads single-event records of the older schema as batches of one.</summary>
    public LogEventBatchSerDes LogEventBatch { get; } = new(registry);

    public AvroSerDes<Finding> Finding { get; } = new(registry, FindingAvroMapper.Instance);

    public AvroSerDes<DeadLetter> DeadLetter { get; } = new(registry, DeadLetterAvroMapper.Instance);

    /// <summary>Confluent's registry client when a URL is configured, else the server-less local one.</summary>
    public static ContractSerDes For(KafkaOptions kafka) => new(
        string.IsNullOrWhiteSpace(kafka.SchemaRegistryUrl)
            ? new LocalSchemaRegistryClient()
            : new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = kafka.SchemaRegistryUrl }));
}
