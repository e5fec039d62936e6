using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using FaultMaven.Contracts.Avro;
using Streamiz.Kafka.Net.SerDes;

namespace FaultMaven.Pipeline.Serialization;

/// <summary>Confluent's Avro serializer and deserializer (schema-registry wire format) behind Streamiz's SerDes interface.</summary>
public sealed class AvroSerDes<T> : AbstractSerDes<T>
{
    private readonly IAvroMapper<T> mapper;
    private readonly AvroSerializer<GenericRecord> serializer;
    private readonly AvroDeserializer<GenericRecord> deserializer;

    public AvroSerDes(ISchemaRegistryClient registry, IAvroMapper<T> mapper)
    {
        this.mapper = mapper;
        serializer = new AvroSerializer<GenericRecord>(registry, new AvroSerializerConfig { AutoRegisterSchemas = true });
        deserializer = new AvroDeserializer<GenericRecord>(registry);
    }

    public override byte[] Serialize(T data, SerializationContext context) =>
        serializer.SerializeAsync(mapper.ToAvro(data), context).GetAwaiter().GetResult();

    public override T Deserialize(byte[] data, SerializationContext context) =>
        mapper.FromAvro(deserializer.DeserializeAsync(data, isNull: data is null, context).GetAwaiter().GetResult());

    public T Deserialize(byte[] data, string topic) => Deserialize(data, new SerializationContext(MessageComponentType.Value, topic));
}
