using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Contracts.Avro;
using FaultMaven.Pipeline.Serialization;

namespace FaultMaven.Pipeline.Tests;

/// <summary>The hand-written codec of logs.normalized against Apache.Avro's generic writer and reader for the same schema.</summary>
public sealed class LogEventBatchCodecTests
{
    private static readonly SerializationContext Normalized = new(MessageComponentType.Value, Topics.Normalized);
    private readonly LocalSchemaRegistryClient registry = new();

    public static TheoryData<string> Batches => new(BatchesByName.Keys);

    private static readonly Dictionary<string, LogEventBatch> BatchesByName = new()
    {
        ["empty"] = new LogEventBatch("checkout", []),
        ["every optional field null"] = new LogEventBatch("checkout", [Event(0) with { Service = null, Host = null, TemplateId = null, Template = null }]),
        ["every field set, unicode and extremes"] = new LogEventBatch("čhéckøut ✓", [
            Event(1) with
            {
                Timestamp = new DateTimeOffset(1969, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-3)),
                Attributes = new Dictionary<string, string> { ["ключ"] = "значение", [""] = "", ["emoji"] = "🔥" },
                Raw = new RawOffset(Topics.Raw, int.MaxValue, long.MaxValue, int.MaxValue, long.MinValue),
                TemplateId = int.MinValue,
                Template = "",
            },
        ]),
        ["a chunk of many lines"] = new LogEventBatch("web", Enumerable.Range(0, 500).Select(Event).ToArray()),
        // The reader hands out the string it made for the same bytes before: same-length strings that differ, strings
        // that come back after others, and more attribute names than it remembers must each still read as written.
        ["sources, topics and attribute names that vary and repeat"] = new LogEventBatch("web", Enumerable.Range(0, 60).Select(i => Event(i) with
        {
            Source = new[] { "ab", "ba", "ab", "abc", "" }[i % 5],
            Service = new[] { "api", null, "web", "api", "apx" }[i % 5],
            Host = new[] { null, "h1", "h2", "h1" }[i % 4],
            // One template id whose text changes within the batch (a template generalized mid-chunk), and a missing one.
            TemplateId = i % 7 == 0 ? null : i % 2,
            Template = i % 7 == 0 ? null : new[] { "a <*>", "b <*>", "a <*>", "ab <*>" }[i % 4],
            Attributes = Enumerable.Range(0, i % 13).ToDictionary(k => $"k{(k * 7 + i) % 11}x{k % 2}", k => new[] { "v", "w", "vv", "" }[(k + i) % 4]),
            Raw = new RawOffset(new[] { "t1", "t2", "logs.raw", "t1" }[i % 4], 0, i),
        }).ToArray()),
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void It_writes_the_bytes_the_generic_Avro_serializer_writes(string name)
    {
        var batch = BatchesByName[name];

        var fast = new LogEventBatchSerDes(registry).Serialize(batch, Normalized);
        var generic = new AvroSerDes<LogEventBatch>(registry, LogEventBatchAvroMapper.Instance).Serialize(batch, Normalized);

        Assert.Equal(generic, fast);
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void It_reads_back_what_the_generic_reader_reads(string name)
    {
        var bytes = new LogEventBatchSerDes(registry).Serialize(BatchesByName[name], Normalized);

        var fast = new LogEventBatchSerDes(registry).Deserialize(bytes, Normalized);
        var generic = new AvroSerDes<LogEventBatch>(registry, LogEventBatchAvroMapper.Instance).Deserialize(bytes, Normalized);

        Assert.Equal(generic.Source, fast.Source);
        Assert.Equal(generic.Events.Count, fast.Events.Count);
        foreach (var (expected, actual) in generic.Events.Zip(fast.Events))
        {
            Assert.Equal(expected with { Attributes = actual.Attributes }, actual);
            Assert.Equal(expected.Attributes.OrderBy(a => a.Key), actual.Attributes.OrderBy(a => a.Key));
        }
    }

    [Fact]
    public void A_source_host_topic_attribute_name_or_template_repeated_in_a_batch_is_read_into_one_string()
    {
        var bytes = new LogEventBatchSerDes(registry).Serialize(BatchesByName["a chunk of many lines"], Normalized);

        var events = new LogEventBatchSerDes(registry).Deserialize(bytes, Normalized).Events;

        // The logs sink decodes every stored line: one string per repeated value instead of one per line.
        Assert.All(events, e => Assert.Same(events[0].Source, e.Source));
        Assert.All(events, e => Assert.Same(events[0].Raw.Topic, e.Raw.Topic));
        Assert.All(events, e => Assert.Same(events[0].Attributes.Keys.Single(), e.Attributes.Keys.Single()));
        Assert.All(events, e => Assert.Same(events[0].Host, e.Host));
        Assert.All(events.Where(e => e.TemplateId == events[0].TemplateId), e => Assert.Same(events[0].Template, e.Template));
    }

    [Fact]
    public void A_truncated_body_is_rejected_with_the_reason_not_read_as_fewer_events()
    {
        var bytes = new LogEventBatchSerDes(registry).Serialize(BatchesByName["a chunk of many lines"], Normalized);

        var error = Assert.Throws<InvalidDataException>(() => new LogEventBatchSerDes(registry).Deserialize(bytes[..^7], Normalized));
        Assert.Contains("body", error.Message, StringComparison.Ordinal);
    }

    private static LogEvent Event(int i) => new LogEvent(
        new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).AddTicks(i * 1_234_567L), "web", "api", "host-1",
        (Severity)(i % 7), $"GET /items/{i} took {i * 3} ms", new Dictionary<string, string> { ["status"] = "200" },
        new RawOffset(Topics.Raw, 2, 1000 + i, i % 3, RawFingerprint.Of(i, "web", []))) with { TemplateId = i % 5, Template = "GET <*> took <*> ms" };
}
