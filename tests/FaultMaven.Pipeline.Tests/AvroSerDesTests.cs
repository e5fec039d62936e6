using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Contracts.Avro;
using FaultMaven.Pipeline.Serialization;

namespace FaultMaven.Pipeline.Tests;

public class AvroSerDesTests
{
    private static readonly RawOffset Raw = new(Topics.Raw, 3, 42, 1);
    private readonly ContractSerDes serdes = new(new LocalSchemaRegistryClient());

    [Fact]
    public void A_log_event_survives_the_round_trip_in_schema_registry_wire_format()
    {
        var logEvent = new LogEvent(
            new DateTimeOffset(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero), "checkout", "payments", "web-1",
            Severity.Error, "card declined", new Dictionary<string, string> { ["code"] = "51" }, Raw);

        var bytes = serdes.LogEvent.Serialize(logEvent, Context(Topics.Normalized));
        var back = serdes.LogEvent.Deserialize(bytes, Context(Topics.Normalized));

        Assert.Equal(0, bytes[0]);
        Assert.Equal(LocalSchemaRegistryClient.IdOf(ContractSchemas.LogEvent.ToString()), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.Equal(logEvent with { Attributes = back.Attributes }, back);
        Assert.Equal("51", back.Attributes["code"]);
    }

    [Fact]
    public void A_batch_of_log_events_survives_the_round_trip_in_order()
    {
        var events = Enumerable.Range(0, 3)
            .Select(i => new LogEvent(
                new DateTimeOffset(2026, 11, 25, 12, 0, i, TimeSpan.Zero), "checkout", null, null, Severity.Info, $"line {i}",
                new Dictionary<string, string>(), Raw with { Index = i }, TemplateId: i == 1 ? null : 7, Template: i == 1 ? null : "line <*>"))
            .ToArray();

        var bytes = serdes.LogEventBatch.Serialize(new LogEventBatch("checkout", events), Context(Topics.Normalized));
        var back = serdes.LogEventBatch.Deserialize(bytes, Context(Topics.Normalized));

        Assert.Equal(LocalSchemaRegistryClient.IdOf(ContractSchemas.LogEventBatch.ToString()), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.Equal("checkout", back.Source);
        Assert.Equal(events.Select(e => (e.Message, e.Raw, e.TemplateId, e.Template, e.Timestamp)), back.Events.Select(e => (e.Message, e.Raw, e.TemplateId, e.Template, e.Timestamp)));
    }

    [Fact]
    public void A_single_event_record_of_the_older_schema_reads_as_a_batch_of_one()
    {
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, "checkout", null, null, Severity.Warn, "slow", new Dictionary<string, string>(), Raw);

        var back = serdes.LogEventBatch.Deserialize(serdes.LogEvent.Serialize(logEvent, Context(Topics.Normalized)), Context(Topics.Normalized));

        Assert.Equal("checkout", back.Source);
        Assert.Equal("slow", Assert.Single(back.Events).Message);
    }

    [Fact]
    public void A_finding_survives_the_round_trip()
    {
        var finding = new Finding(
            "abc", "error-burst", Severity.Fatal, "orders", null,
            new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 12, 1, 0, TimeSpan.Zero),
            "7 errors", 7, 1.5, 2.3, "v1", ["db <*> down"], ["db 1 down"], [Raw]);

        var back = serdes.Finding.Deserialize(serdes.Finding.Serialize(finding, Context(Topics.Findings)), Context(Topics.Findings));

        Assert.Equal(finding.Id, back.Id);
        Assert.Equal(finding.WindowEnd, back.WindowEnd);
        Assert.Equal(finding.Baseline, back.Baseline);
        Assert.Equal(finding.Templates, back.Templates);
        Assert.Equal(finding.Evidence, back.Evidence);
        Assert.Equal(finding.Severity, back.Severity);
    }

    [Fact]
    public void A_dead_letter_keeps_its_original_bytes()
    {
        var deadLetter = new DeadLetter("invalid JSON", "normalize", "api", Raw, [0xff, 0x00, 0x7b], new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        var back = serdes.DeadLetter.Deserialize(serdes.DeadLetter.Serialize(deadLetter, Context(Topics.DeadLetter)), Context(Topics.DeadLetter));

        Assert.Equal(deadLetter.Payload, back.Payload);
        Assert.Equal(deadLetter.Reason, back.Reason);
        Assert.Equal(deadLetter.Raw, back.Raw);
        Assert.Equal(1, back.Records);
    }

    [Fact]
    public void A_dead_letter_for_records_the_broker_dropped_keeps_how_many_it_stands_for()
    {
        var gap = new OffsetGap(Topics.Raw, 3, 0, 244230).ToDeadLetter(LogPipelineTopology.NormalizeStep, 42, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        var back = serdes.DeadLetter.Deserialize(serdes.DeadLetter.Serialize(gap, Context(Topics.DeadLetter)), Context(Topics.DeadLetter));

        Assert.Equal((244231L, gap.Raw, DeadLetter.BrokerStep), (back.Records, back.Raw, back.Step));
    }

    [Fact]
    public void Bytes_written_with_an_unknown_schema_id_fail_with_a_message_that_names_the_setting()
    {
        byte[] bytes = [0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 0];

        var error = Assert.ThrowsAny<Exception>(() => serdes.LogEvent.Deserialize(bytes, Context(Topics.Normalized)));

        Assert.Contains("SchemaRegistryUrl", error.ToString(), StringComparison.Ordinal);
    }

    private static SerializationContext Context(string topic) => new(MessageComponentType.Value, topic);
}
