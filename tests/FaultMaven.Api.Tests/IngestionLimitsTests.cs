using System.Text;
using System.Text.Json;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Api.Ingestion;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Api.Tests;

public sealed class IngestionLimitsTests
{
    [Fact]
    public async Task A_line_longer_than_the_limit_is_one_record_of_its_head_that_carries_its_whole_length_between_whole_lines()
    {
        // "é" is two bytes in UTF-8, so a cut at an odd byte count would land inside a character.
        var line = Encoding.UTF8.GetBytes("start " + string.Concat(Enumerable.Repeat("é", 3000)) + " end");
        byte[] input = [.. "short line\n"u8, .. line, .. "\nlast\n"u8];

        var records = await LineChunker.ChunksAsync(new MemoryStream(input), maxLineBytes: 1001, maxChunkBytes: 1024).ToListAsync();

        Assert.Equal(3, records.Count);
        Assert.Equal(("short line\n", (long?)null), (Encoding.UTF8.GetString(records[0].Value), records[0].TruncatedFrom));
        var head = records[1];
        Assert.Equal(1000, head.Value.Length);
        Assert.Equal(line[..1000], head.Value);
        Assert.Equal((line.Length, line.Length + 1L), (head.TruncatedFrom, head.InputBytes));
        Assert.Equal(("last\n", (long?)null), (Encoding.UTF8.GetString(records[2].Value), records[2].TruncatedFrom));
        Assert.Equal(input.Length, records.Sum(record => record.InputBytes));
        Assert.Equal(3, records.Sum(record => LineChunker.CountLines(record.Value)));
    }

    [Theory]
    [InlineData("é", 0)]
    [InlineData("é", 1)]
    [InlineData("€", 0)]
    [InlineData("€", 1)]
    [InlineData("€", 2)]
    [InlineData("😀", 0)]
    [InlineData("😀", 1)]
    [InlineData("😀", 2)]
    [InlineData("😀", 3)]
    public async Task A_cut_never_splits_a_character_wherever_the_limit_falls_in_it(string character, int asciiBefore)
    {
        var line = Encoding.UTF8.GetBytes(new string('a', asciiBefore) + string.Concat(Enumerable.Repeat(character, 2000)));

        var head = Assert.Single(await LineChunker.ChunksAsync(new MemoryStream(line), maxLineBytes: 1024).ToListAsync());

        Assert.Equal(line[..head.Value.Length], head.Value);
        Assert.InRange(head.Value.Length, 1024 - Encoding.UTF8.GetByteCount(character) + 1, 1024);
        Assert.Equal(head.Value, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(head.Value)));
        Assert.Equal(line.Length, head.TruncatedFrom);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_cut_at_the_limit_itself()
    {
        var line = Enumerable.Repeat((byte)0x80, 5000).ToArray();

        var head = Assert.Single(await LineChunker.ChunksAsync(new MemoryStream(line), maxLineBytes: 1024).ToListAsync());

        Assert.Equal(1024, head.Value.Length);
    }

    // Small reads put a block's end inside the line, on its CR and on its LF; 1025 ends the first block right after the CR.
    [Theory]
    [InlineData(7)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(64 * 1024)]
    public async Task A_crlf_ending_is_not_part_of_the_line_while_a_cr_that_ends_the_input_is(int readBytes)
    {
        var exact = new string('x', 1024);
        var over = new string('y', 1025);
        var input = Encoding.ASCII.GetBytes($"{exact}\r\n{over}\r\n{exact}\r");

        var records = await LineChunker.ChunksAsync(new MemoryStream(input), maxLineBytes: 1024, maxChunkBytes: readBytes).ToListAsync();

        (string, long?, long)[] expected = [(exact + "\r\n", null, 1026), (new string('y', 1024), 1025, 1027), (exact, 1025, 1025)];
        Assert.Equal(
            expected,
            records.Select(record => (Encoding.ASCII.GetString(record.Value), record.TruncatedFrom, record.InputBytes)));
    }

    [Fact]
    public async Task Without_a_limit_a_long_line_is_one_record_whole()
    {
        var input = Encoding.ASCII.GetBytes($"a\n{new string('z', 200_000)}\nb\n");

        var records = await LineChunker.ChunksAsync(new MemoryStream(input), maxLineBytes: null).ToListAsync();

        Assert.Equal(input, records.SelectMany(record => record.Value).ToArray());
        Assert.All(records, record => Assert.Null(record.TruncatedFrom));
        Assert.Contains(records, record => record.Value.Length == 200_001);
    }

    [Fact]
    public void A_hec_string_event_too_long_keeps_the_head_of_its_text_that_fits_as_json_with_its_whole_length()
    {
        // Quotes and a control character grow as JSON, so the text's head must be cut shorter than the limit.
        var text = "2026-11-25T10:00:00Z ERROR payload \"quoted\" \u0001 " + string.Concat(Enumerable.Repeat("é\"", 500_000));
        var body = JsonSerializer.SerializeToUtf8Bytes(new { time = 1764064800, host = "web-1", @event = text });

        var line = Assert.Single(HecEvents.Parse(body, "hec", maxLineBytes: 65_536));

        Assert.InRange(Encoding.UTF8.GetByteCount(line.Json), 65_536 - 16, 65_536);
        var record = JsonDocument.Parse(line.Json).RootElement;
        Assert.StartsWith(record.GetProperty(RecordFields.RawText).GetString()!, text, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(text).ToString(System.Globalization.CultureInfo.InvariantCulture), record.GetProperty(AttributeKeys.Truncated).GetString());
        Assert.Equal("web-1", record.GetProperty("host").GetString());
    }

    [Fact]
    public async Task Under_the_reject_policy_a_body_with_a_line_over_the_limit_is_refused_naming_the_line_before_anything_is_produced()
    {
        var options = new IngestionOptions { MaxLineBytes = 1024, OversizedLines = OversizedLines.Reject };
        var body = Encoding.ASCII.GetBytes("fine\nfine too\n" + new string('x', 1024) + "\r\n" + new string('x', 1025) + "\n");

        var refused = await Assert.ThrowsAsync<LineTooLongException>(() => IngestBuffer.ReadAsync(new MemoryStream(body), options, CancellationToken.None));

        Assert.Equal(4, refused.Line);
        await using var accepted = await IngestBuffer.ReadAsync(new MemoryStream(body[..^2]), options, CancellationToken.None);
        Assert.Equal(body.Length - 2, accepted.Length);
    }
}
