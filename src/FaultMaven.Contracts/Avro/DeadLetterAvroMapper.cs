using Avro;
using Avro.Generic;

namespace FaultMaven.Contracts.Avro;

public sealed class DeadLetterAvroMapper : IAvroMapper<DeadLetter>
{
    public static DeadLetterAvroMapper Instance { get; } = new();

    private readonly RecordSchema rawSchema = AvroValues.RecordField(ContractSchemas.DeadLetter, "raw");

    public RecordSchema Schema => ContractSchemas.DeadLetter;

    public GenericRecord ToAvro(DeadLetter value)
    {
        var record = new GenericRecord(Schema);
        record.Add("reason", value.Reason);
        record.Add("step", value.Step);
        record.Add("source", value.Source);
        record.Add("raw", AvroValues.ToAvro(value.Raw, rawSchema));
        record.Add("payload", value.Payload);
        record.Add("failedAt", AvroValues.ToAvro(value.FailedAt));
        record.Add("records", value.Records);
        return record;
    }

    public DeadLetter FromAvro(GenericRecord record) => new(
        (string)record["reason"],
        (string)record["step"],
        (string?)record["source"],
        AvroValues.RawOffsetFrom(record["raw"]),
        (byte[])record["payload"],
        AvroValues.TimestampFrom(record["failedAt"]),
        (long)record["records"]);
}
