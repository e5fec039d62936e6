using Avro;
using Avro.Generic;

namespace FaultMaven.Contracts.Avro;

/// <summary>Maps <see cref="LogEventBatch"/>; a record written with the older single-event schema reads as a batch of one.</summary>
public sealed class LogEventBatchAvroMapper : IAvroMapper<LogEventBatch>
{
    public static LogEventBatchAvroMapper Instance { get; } = new();

    private readonly ArraySchema eventsSchema = (ArraySchema)ContractSchemas.LogEventBatch["events"].Schema;

    public RecordSchema Schema => ContractSchemas.LogEventBatch;

    public GenericRecord ToAvro(LogEventBatch value)
    {
        var record = new GenericRecord(Schema);
        record.Add("source", value.Source);
        var events = new object[value.Events.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = LogEventAvroMapper.Instance.ToAvro(value.Events[i]);
        }

        record.Add("events", events);
        return record;
    }

    public LogEventBatch FromAvro(GenericRecord record)
    {
        if (record.Schema.Name == ContractSchemas.LogEvent.Name)
        {
            var single = LogEventAvroMapper.Instance.FromAvro(record);
            return new LogEventBatch(single.Source, [single]);
        }

        var events = ((IEnumerable<object>)record["events"]).Select(e => LogEventAvroMapper.Instance.FromAvro((GenericRecord)e)).ToArray();
        return new LogEventBatch((string)record["source"], events);
    }
}
