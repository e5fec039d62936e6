using FaultMaven.Contracts;
using FaultMaven.Pipeline.Serialization;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>An event read back from logs.normalized, with the position of the batch that carried it.</summary>
public sealed record NormalizedEvent(int Partition, long Offset, LogEvent Event);

/// <summary>Reads logs.normalized back from the start, as a test's own consumer group (nothing committed); records that are not batches are skipped.</summary>
public static class NormalizedTopic
{
    /// <summary>Every event matching <paramref name="where"/> in every partition, up to each partition's end at the time of reading.</summary>
    /// <exception cref="TimeoutException">The partitions were not read to their end within a minute.</exception>
    public static List<NormalizedEvent> Events(string bootstrapServers, Func<LogEvent, bool> where)
    {
        var batches = new LogEventBatchSerDes(new LocalSchemaRegistryClient());
        var events = new List<NormalizedEvent>();
        TopicReader.ReadToEnd(bootstrapServers, Topics.Normalized, record =>
        {
            if (record.Message.Value is { } value && Decode(batches, value) is { } batch)
            {
                events.AddRange(batch.Events.Where(where).Select(e => new NormalizedEvent(record.Partition.Value, record.Offset.Value, e)));
            }
        });
        return events;
    }

    /// <summary>A batch, or null for a record that is none: tests sharing a system put garbage on the topic on purpose (PoisonRecordTests).</summary>
    private static LogEventBatch? Decode(LogEventBatchSerDes batches, byte[] value)
    {
        try
        {
            return batches.Deserialize(value, Topics.Normalized);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever the decoder throws on them (a wrong magic byte, a truncated Avro body); the sink dead-letters the same records.
            return null;
        }
    }
}
