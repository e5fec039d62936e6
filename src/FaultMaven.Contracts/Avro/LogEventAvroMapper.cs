using Avro;
using Avro.Generic;

namespace FaultMaven.Contracts.Avro;

public sealed class LogEventAvroMapper : IAvroMapper<LogEvent>
{
    public static LogEventAvroMapper Instance { get; } = new();

    private readonly RecordSchema rawSchema = AvroValues.RecordField(ContractSchemas.LogEvent, "raw");

    public RecordSchema Schema => ContractSchemas.LogEvent;

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
