using Avro;
using Avro.Generic;

namespace FaultMaven.Contracts.Avro;

/// <summary>Maps <see cref="LogEvent"/> to records of <see cref="Schema"/>: LogEvent.avsc, or the same schema as embedded in another one.</summary>
/// <remarks>
/// Avro's generic writer compares a record's schema with the one it writes by reference first and field by field
/// otherwise, so events inside a batch must be built with the batch's own item schema instance: the field-by-field
/// comparison per event cost more than writing it.
/// </remarks>
public sealed class LogEventAvroMapper(RecordSchema schema) : IAvroMapper<LogEvent>
{
    public static LogEventAvroMapper Instance { get; } = new(ContractSchemas.LogEvent);

    private readonly RecordSchema rawSchema = AvroValues.RecordField(schema, "raw");

    public RecordSchema Schema => schema;

    public GenericRecord ToAvro(LogEvent value)
    {
        var record = new GenericRecord(Schema);
        record.Add("timestamp", AvroValues.ToAvro(value.Timestamp));
        record.Add("source", value.Source);
        record.Add("service", value.Service);
        record.Add("host", value.Host);
        record.Add("level", AvroValues.ToAvro(value.Level, Schema, "level"));
        record.Add("message", value.Message);
        record.Add("attributes", value.Attributes.ToDictionary(a => a.Key, a => (object)a.Value));
        record.Add("raw", AvroValues.ToAvro(value.Raw, rawSchema));
        record.Add("templateId", value.TemplateId);
        record.Add("template", value.Template);
        return record;
    }

    public LogEvent FromAvro(GenericRecord record) => new(
        AvroValues.TimestampFrom(record["timestamp"]),
        (string)record["source"],
        (string?)record["service"],
        (string?)record["host"],
        AvroValues.SeverityFrom(record["level"]),
        (string)record["message"],
        ((IDictionary<string, object>)record["attributes"]).ToDictionary(a => a.Key, a => (string)a.Value),
        AvroValues.RawOffsetFrom(record["raw"]),
        record.TryGetValue("templateId", out var templateId) ? (int?)templateId : null,
        record.TryGetValue("template", out var template) ? (string?)template : null);
}
