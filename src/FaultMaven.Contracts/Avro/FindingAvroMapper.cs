using Avro;
using Avro.Generic;

namespace FaultMaven.Contracts.Avro;

public sealed class FindingAvroMapper : IAvroMapper<Finding>
{
    public static FindingAvroMapper Instance { get; } = new();

    private readonly RecordSchema evidenceSchema = AvroValues.ArrayItems(ContractSchemas.Finding, "evidence");

    public RecordSchema Schema => ContractSchemas.Finding;

    public GenericRecord ToAvro(Finding value)
    {
        var record = new GenericRecord(Schema);
        record.Add("id", value.Id);
        record.Add("kind", value.Kind);
        record.Add("severity", AvroValues.ToAvro(value.Severity, Schema, "severity"));
        record.Add("source", value.Source);
        record.Add("service", value.Service);
        record.Add("windowStart", AvroValues.ToAvro(value.WindowStart));
        record.Add("windowEnd", AvroValues.ToAvro(value.WindowEnd));
        record.Add("title", value.Title);
        record.Add("count", value.Count);
        record.Add("baseline", value.Baseline);
        record.Add("score", value.Score);
        record.Add("modelVersion", value.ModelVersion);
        record.Add("templates", value.Templates.ToArray<object>());
        record.Add("examples", value.Examples.ToArray<object>());
        record.Add("evidence", value.Evidence.Select(e => (object)AvroValues.ToAvro(e, evidenceSchema)).ToArray());
        return record;
    }

    public Finding FromAvro(GenericRecord record) => new(
        (string)record["id"],
        (string)record["kind"],
        AvroValues.SeverityFrom(record["severity"]),
        (string)record["source"],
        (string?)record["service"],
        AvroValues.TimestampFrom(record["windowStart"]),
        AvroValues.TimestampFrom(record["windowEnd"]),
        (string)record["title"],
        (long)record["count"],
        (double?)record["baseline"],
        (double)record["score"],
        (string?)record["modelVersion"],
        AvroValues.Strings(record["templates"]),
        AvroValues.Strings(record["examples"]),
        ((IEnumerable<object>)record["evidence"]).Select(AvroValues.RawOffsetFrom).ToArray());
}
