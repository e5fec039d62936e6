using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using FaultMaven.Contracts;
using FaultMaven.Contracts.Avro;
using Streamiz.Kafka.Net.SerDes;

namespace FaultMaven.Pipeline.Serialization;

/// <summary>
/// The SerDes of <c>logs.normalized</c>: the schema-registry wire format (magic byte 0, 4-byte big-endian schema id,
/// Avro body) with the body written and, when the writer used this very schema, read by <see cref="LogEventBatchCodec"/>.
/// Records written with another schema (single LogEvent records, other versions) are read by Confluent's generic
/// deserializer and schema resolution, as before.
/// </summary>
public sealed class LogEventBatchSerDes(ISchemaRegistryClient registry) : AbstractSerDes<LogEventBatch>
{
    private const byte MagicByte = 0;
    private const int HeaderSize = 5;
    private static readonly string SchemaText = ContractSchemas.LogEventBatch.ToString();

    private readonly AvroSerDes<LogEventBatch> generic = new(registry, LogEventBatchAvroMapper.Instance);
    private readonly ConcurrentDictionary<string, int> idBySubject = new();
    private readonly ConcurrentDictionary<int, bool> isOwnSchema = new();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    public override byte[] Serialize(LogEventBatch data, SerializationContext context)
    {
        var id = idBySubject.GetOrAdd($"{context.Topic}-value", subject =>
            registry.RegisterSchemaAsync(subject, new Schema(SchemaText, SchemaType.Avro)).GetAwaiter().GetResult());
        isOwnSchema.TryAdd(id, true);
        var output = buffer ??= new ArrayBufferWriter<byte>(64 * 1024);
        output.ResetWrittenCount();
        var header = output.GetSpan(HeaderSize);
        header[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], id);
        output.Advance(HeaderSize);
        LogEventBatchCodec.Write(data, output);
        return output.WrittenSpan.ToArray();
    }

    public override LogEventBatch Deserialize(byte[] data, SerializationContext context)
    {
        if (data is { Length: >= HeaderSize } && data[0] == MagicByte && IsOwnSchema(BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(1))))
        {
            return LogEventBatchCodec.Read(data.AsSpan(HeaderSize));
        }

        return generic.Deserialize(data, context);
    }

    public LogEventBatch Deserialize(byte[] data, string topic) => Deserialize(data, new SerializationContext(MessageComponentType.Value, topic));

    // An id registered elsewhere is this schema when its text parses to the same canonical form.
    private bool IsOwnSchema(int id) => isOwnSchema.GetOrAdd(id, unknown =>
    {
        try
        {
            var schema = registry.GetSchemaAsync(unknown).GetAwaiter().GetResult();
            return global::Avro.Schema.Parse(schema.SchemaString).ToString() == SchemaText;
        }
        catch (Exception exception) when (exception is SchemaRegistryException or global::Avro.SchemaParseException)
        {
            return false; // the generic reader reports it properly
        }
    });
}
