using Avro;
using Avro.Generic;

namespace FaultMaven.Contracts.Avro;

/// <summary>Maps <see cref="LogEventBatch"/>; a record written with the older single-event schema reads as a batch of one.</summary>
public sealed class LogEventBatchAvroMapper : IAvroMapper<LogEventBatch>
{
    public static LogEventBatchAvroMapper Instance { get; } = new();

    private readonly LogEventAvroMapper events = new(AvroValues.ArrayItems(ContractSchemas.LogEventBatch, "events"));

    public RecordSchema Schema => ContractSchemas.LogEventBatch;

    public GenericRecord ToAvro(LogEventBatch value)
    {
        var record = new GenericRecord(Schema);
        record.Add("source", value.Source);
        var items = new object[value.Events.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = events.ToAvro(value.Events[i]);
        }

        record.Add("events", items);
        return record;
    }

    public LogEventBatch FromAvro(GenericRecord record)
    {
        if (record.Schema.Name == ContractSchemas.LogEvent.Name)
        {
            var single = LogEventAvroMapper.Instance.FromAvro(record);
            return new LogEventBatch(single.Source, [single]);
        }

        var read = ((IEnumerable<object>)record["events"]).Select(e => events.FromAvro((GenericRecord)e)).ToArray();
        return new LogEventBatch((string)record["source"], read);
    }
}
