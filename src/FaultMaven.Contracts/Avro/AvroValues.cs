using Avro;
using Avro.Generic;

namespace FaultMaven.Contracts.Avro;

/// <summary>Conversions shared by the mappers for the field types the contracts have in common.</summary>
internal static class AvroValues
{
    public static DateTime ToAvro(DateTimeOffset timestamp) => timestamp.UtcDateTime;

    public static DateTimeOffset TimestampFrom(object value) => new(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc));

    public static GenericEnum ToAvro(Severity severity, RecordSchema owner, string field) =>
        new((EnumSchema)owner[field].Schema, severity.ToString().ToUpperInvariant());

    public static Severity SeverityFrom(object value) => Enum.Parse<Severity>(((GenericEnum)value).Value, ignoreCase: true);

    public static GenericRecord ToAvro(RawOffset raw, RecordSchema schema)
    {
        var record = new GenericRecord(schema);
        record.Add("topic", raw.Topic);
        record.Add("partition", raw.Partition);
        record.Add("offset", raw.Offset);
        record.Add("index", raw.Index);
        record.Add("fingerprint", raw.Fingerprint);
        return record;
    }

    public static RawOffset RawOffsetFrom(object value)
    {
        var record = (GenericRecord)value;
        return new RawOffset((string)record["topic"], (int)record["partition"], (long)record["offset"], (int)record["index"], (long)record["fingerprint"]);
    }

    public static RecordSchema RecordField(RecordSchema owner, string field) => (RecordSchema)owner[field].Schema;

    public static RecordSchema ArrayItems(RecordSchema owner, string field) => (RecordSchema)((ArraySchema)owner[field].Schema).ItemSchema;

    public static string[] Strings(object value) => ((IEnumerable<object>)value).Cast<string>().ToArray();
}
