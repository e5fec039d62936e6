using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Serialization;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// One bad record never stops the stream: each kind of value PostgreSQL or a decoder rejects is dead-lettered with its
/// reason and origin while every line of the other sources is stored, and lines in = rows + dead letters.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class PoisonRecordTests(RunningSystem system)
{
    private const int LinesPerSource = 40;
    private readonly string tag = $"poison-{Guid.NewGuid():N}"[..19];

    [Fact]
    public async Task A_NUL_byte_in_a_source_name_dead_letters_that_sources_lines_and_findings_and_every_other_line_is_stored()
    {
        var bad = $"{tag}-nul\0source";
        ProduceSources(bad);

        await AwaitEveryLineAccountedFor($"{tag}-nul");

        Assert.Equal(0, await system.CountRows($"SELECT count(*) FROM logs WHERE starts_with(source, '{tag}-nul')"));
        var reasons = await DeadLetterReasons("sink-logs");
        Assert.Equal(LinesPerSource, reasons.Count);
        Assert.All(reasons, r => Assert.Contains("SQLSTATE 22021", r, StringComparison.Ordinal));
        Assert.Equal(LinesPerSource, await system.CountRows(
            $"SELECT count(*) FROM dead_letters WHERE step = 'sink-logs' AND raw_topic = '{Topics.Normalized}' AND source = '{bad.Replace("\0", "\\0", StringComparison.Ordinal)}'"));
        await system.Eventually("the good sources' error-burst findings stored, the bad one's dead-lettered", async () =>
            await system.CountRows($"SELECT count(*) FROM findings WHERE source = '{tag}-a'") > 0
            && await system.CountRows($"SELECT count(*) FROM dead_letters WHERE step = 'sink-findings' AND source LIKE '{tag}-nul%'") > 0);
    }

    [Fact]
    public async Task Invalid_UTF8_bytes_in_a_source_name_and_in_lines_end_as_rows_or_dead_letters_and_every_other_line_is_stored()
    {
        var invalidKey = Encoding.UTF8.GetBytes($"{tag}-utf8-").Concat(new byte[] { 0xC3, 0x28, 0xFF, 0xFE }).ToArray();
        var invalidLines = Enumerable.Range(0, LinesPerSource)
            .Select(i => Encoding.UTF8.GetBytes($"{Now()} INFO line {i} with broken bytes ").Concat(new byte[] { 0xED, 0xA0, 0x80, 0xC0, 0xAF, 0x00 }).ToArray())
            .ToList();
        ProduceBytes(Topics.Raw, invalidLines.Select(line => (invalidKey, line)));
        ProduceSources();

        await AwaitEveryLineAccountedFor($"{tag}-utf8-");
    }

    [Fact]
    public async Task A_source_name_too_big_for_an_index_row_dead_letters_that_sources_lines_at_normalize_and_every_other_line_is_stored()
    {
        // Random text does not compress: as a key of the logs table's index it would be above btree's 2704-byte limit
        // (SQLSTATE 54000 in the sink). Being over SourceNames.MaxLength, it is refused before, record by record.
        var oversize = $"{tag}-big-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4000))}";
        ProduceSources(oversize);

        await AwaitEveryLineAccountedFor($"{tag}-big-");

        var reasons = await DeadLetterReasons("normalize");
        Assert.Equal(LinesPerSource, reasons.Count);
        Assert.All(reasons, r => Assert.Contains($"a source name has at most {SourceNames.MaxLength}", r, StringComparison.Ordinal));
        Assert.Empty(await DeadLetterReasons("sink-logs"));
    }

    [Theory]
    [InlineData(Topics.Normalized, "sink-logs")]
    [InlineData(Topics.Findings, "sink-findings")]
    public async Task A_garbage_Avro_body_is_dead_lettered_at_its_offset_and_every_line_around_it_is_stored(string topic, string step)
    {
        var serdes = new ContractSerDes(new LocalSchemaRegistryClient());
        var context = new SerializationContext(MessageComponentType.Value, topic);
        var valid = topic == Topics.Findings
            ? serdes.Finding.Serialize(Finding(), context)
            : serdes.LogEvent.Serialize(LogEvent(), context);
        byte[][] garbage =
        [
            RandomNumberGenerator.GetBytes(64).Prepend((byte)0x7F).ToArray(),
            [.. valid[..5], .. RandomNumberGenerator.GetBytes(3)],
            [.. valid[..^(valid.Length / 2)]],
        ];

        ProduceSources();
        var offsets = ProduceBytes(topic, garbage.Select(body => (Encoding.UTF8.GetBytes(tag), body)));
        await AwaitEveryLineAccountedFor(null);

        foreach (var offset in offsets)
        {
            await system.Eventually($"a {step} dead letter at {offset}", async () => await system.CountRows(
                $"SELECT count(*) FROM dead_letters WHERE step = '{step}' AND raw_topic = '{topic}' AND raw_partition = {offset.Partition.Value} AND raw_offset = {offset.Offset.Value} AND reason LIKE 'undecodable%'") == 1);
        }
    }

    /// <summary>Two good sources, and <paramref name="bad"/> if given, each with distinct lines ending in an error burst.</summary>
    private void ProduceSources(string? bad = null)
    {
        foreach (var source in new[] { $"{tag}-a", $"{tag}-b", bad }.OfType<string>())
        {
            system.Produce(source, Enumerable.Range(0, LinesPerSource).Select(i =>
                i < LinesPerSource - 8 ? $"{Now()} INFO request {i} served" : $"{Now()} ERROR request {i} failed: upstream refused"));
        }
    }

    /// <summary>
    /// Waits until the good sources have every line stored and, for <paramref name="badPrefix"/>, rows plus dead letters
    /// equal the lines sent; then, once nothing is in flight, checks that no more arrived.
    /// </summary>
    private async Task AwaitEveryLineAccountedFor(string? badPrefix)
    {
        var expected = $"{LinesPerSource} rows for each good source" + (badPrefix is null ? "" : $" and {LinesPerSource} rows + dead letters for {badPrefix}");
        long good = 0, accounted = 0;
        await system.Eventually(expected, async () =>
        {
            good = await system.CountRows($"SELECT count(*) FROM logs WHERE source IN ('{tag}-a', '{tag}-b')");
            accounted = badPrefix is null ? 0 : await RowsAndDeadLetters(badPrefix);
            return good == 2 * LinesPerSource && (badPrefix is null || accounted == LinesPerSource);
        });

        // Every consumer group has committed all it was given: nothing in flight can add a row or dead letter now.
        await system.WaitUntilCaughtUp();
        Assert.Equal(2 * LinesPerSource, await system.CountRows($"SELECT count(*) FROM logs WHERE source IN ('{tag}-a', '{tag}-b')"));
        if (badPrefix is not null)
        {
            Assert.Equal(LinesPerSource, await RowsAndDeadLetters(badPrefix));
        }
    }

    private async Task<long> RowsAndDeadLetters(string prefix) =>
        await system.CountRows($"SELECT count(*) FROM logs WHERE starts_with(source, '{prefix}')")
        + await system.CountRows($"SELECT count(*) FROM dead_letters WHERE step IN ('normalize', 'sink-logs') AND starts_with(source, '{prefix}')");

    private async Task<List<string>> DeadLetterReasons(string step)
    {
        await using var command = system.Database.CreateCommand($"SELECT reason FROM dead_letters WHERE step = '{step}' AND starts_with(source, '{tag}')");
        await using var reader = await command.ExecuteReaderAsync();
        var reasons = new List<string>();
        while (await reader.ReadAsync())
        {
            reasons.Add(reader.GetString(0));
        }

        return reasons;
    }

    private List<TopicPartitionOffset> ProduceBytes(string topic, IEnumerable<(byte[] Key, byte[] Value)> records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = system.BootstrapServers }).Build();
        var delivered = records.Select(r => producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = r.Key, Value = r.Value })).ToList();
        return delivered.Select(d => d.GetAwaiter().GetResult().TopicPartitionOffset).ToList();
    }

    private static string Now() => $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}";

    private LogEvent LogEvent() => new(
        DateTimeOffset.UtcNow, $"{tag}-avro", null, null, Severity.Info, "a valid event", new Dictionary<string, string>(), new RawOffset(Topics.Raw, 0, 0));

    private Finding Finding() => new(
        $"{tag}-finding", "error-burst", Severity.Error, $"{tag}-avro", null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "a valid finding",
        1, null, 1, null, [], [], []);
}
