using System.Text;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Normalization;

public sealed class LogNormalizerTests
{
    [Fact]
    public void Invalid_utf8_is_replaced_and_flagged_rather_than_rejected()
    {
        byte[] latin1 = [.. "caf"u8, 0xE9, .. " closed"u8];

        var logEvent = Assert.Single(new LogNormalizer().Normalize(Records.Of(latin1)).Events);

        Assert.Equal("caf\uFFFD closed", logEvent.Message);
        Assert.Equal("true", logEvent.Attributes[AttributeKeys.InvalidUtf8]);
    }

    [Fact]
    public void An_over_long_line_is_cut_at_the_limit_and_flagged_with_its_whole_length()
    {
        var normalizer = new LogNormalizer(new NormalizerOptions { MaxEventBytes = 100 });

        var logEvent = Assert.Single(normalizer.Normalize(Records.Of(new string('é', 80) + "\r\n")).Events);

        Assert.Equal(new string('é', 50), logEvent.Message);
        Assert.Equal("160", logEvent.Attributes[AttributeKeys.Truncated]);
    }

    [Fact]
    public void A_merged_event_stops_growing_at_the_limit_but_still_counts_its_lines_and_their_bytes()
    {
        var normalizer = new LogNormalizer(new NormalizerOptions { MaxEventBytes = 64 });
        var trace = "Exception in thread \"main\" java.lang.Error: x\n" + string.Concat(Enumerable.Repeat("\tat a.b.C.d(C.java:1)\n", 10));

        var logEvent = Assert.Single(normalizer.Normalize(Records.Of(trace)).Events);

        Assert.True(Encoding.UTF8.GetByteCount(logEvent.Message) <= 64);
        Assert.Equal("11", logEvent.Attributes[AttributeKeys.Lines]);
        Assert.Equal(Encoding.UTF8.GetByteCount(trace.TrimEnd('\n')).ToString(System.Globalization.CultureInfo.InvariantCulture), logEvent.Attributes[AttributeKeys.Truncated]);
    }

    [Fact]
    public void A_line_its_producer_cut_is_one_event_read_from_its_head_and_flagged_with_the_length_the_producer_gave()
    {
        var head = "2026-11-25T10:00:00Z ERROR payload " + new string('x', 200);

        var result = new LogNormalizer().Normalize(Records.Of(head) with { TruncatedFrom = 3_000_000 });

        var logEvent = Assert.Single(result.Events);
        Assert.Equal((new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), Severity.Error), (logEvent.Timestamp, logEvent.Level));
        Assert.Equal("3000000", logEvent.Attributes[AttributeKeys.Truncated]);
        Assert.Equal(1, result.Lines);
    }

    [Theory]
    [InlineData("\"just a string\"", "line 0: JSON value is a string, not an object")]
    [InlineData("42", "line 0: JSON value is a number, not an object")]
    [InlineData("plain words", "line 0: invalid JSON: 'p' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.")]
    public void A_source_forced_to_json_dead_letters_anything_but_an_object_with_the_reason(string line, string reason)
    {
        var normalizer = new LogNormalizer(new NormalizerOptions { FormatBySource = new Dictionary<string, LogFormat> { ["app"] = LogFormat.Json } });

        var deadLetter = Assert.Single(normalizer.Normalize(Records.Of(line)).DeadLetters);

        Assert.Equal(reason, $"line {deadLetter.Raw.Index}: {deadLetter.Reason}");
        Assert.Equal(Encoding.UTF8.GetBytes(line), deadLetter.Payload);
        Assert.Equal("normalize", deadLetter.Step);
    }

    [Fact]
    public void A_source_forced_to_logfmt_dead_letters_lines_that_are_not_logfmt()
    {
        var normalizer = new LogNormalizer(new NormalizerOptions { FormatBySource = new Dictionary<string, LogFormat> { ["app"] = LogFormat.Logfmt } });

        var result = normalizer.Normalize(Records.Of("level=info msg=ok\n2024-01-02 10:00:00 ERROR not logfmt"));

        Assert.Single(result.Events);
        Assert.Equal("line is not Logfmt", Assert.Single(result.DeadLetters).Reason);
    }

    [Fact]
    public void Dead_letters_keep_the_original_bytes_of_their_line_including_invalid_utf8()
    {
        byte[] line = [.. "{\"msg\":\"caf"u8, 0xE9];
        var forcedJson = new LogNormalizer(new NormalizerOptions { FormatBySource = new Dictionary<string, LogFormat> { ["app"] = LogFormat.Json } });

        var deadLetter = Assert.Single(forcedJson.Normalize(Records.Of([.. "{\"msg\":\"ok\"}\r\n"u8, .. line, .. "\r\n"u8])).DeadLetters);

        Assert.Equal([.. line, (byte)'\r'], deadLetter.Payload);
        Assert.Equal(1, deadLetter.Raw.Index);
    }

    [Fact]
    public void A_line_that_only_looks_like_json_is_analysed_as_plain_text_unless_the_source_is_forced_to_json()
    {
        var record = Records.Of("{\"msg\":\"cut off\n{not json: a printed object\n[1, 2]\n");

        var result = new LogNormalizer().Normalize(record);

        Assert.Empty(result.DeadLetters);
        Assert.Equal(["{\"msg\":\"cut off", "{not json: a printed object", "[1, 2]"], result.Events.Select(e => e.Message));
        Assert.All(result.Events, e => Assert.Equal("plain_text", e.Attributes[AttributeKeys.Format]));
    }

    [Fact]
    public void Blank_lines_produce_nothing_and_do_not_shift_event_indexes()
    {
        var events = new LogNormalizer().Normalize(Records.Of("first\n\n  \r\nsecond\n")).Events;

        Assert.Equal([("first", 0), ("second", 1)], events.Select(e => (e.Message, e.Raw.Index)));
    }

    [Fact]
    public void Secrets_in_json_fields_are_masked_by_field_name_and_by_content()
    {
        var line = """{"msg":"login by ann@example.com","password":"hunter2","db":{"url":"postgres://u:p@db:5432/x"},"host":"web-1"}""";

        var logEvent = Assert.Single(new LogNormalizer().Normalize(Records.Of(line)).Events);

        Assert.Equal("login by <masked:email>", logEvent.Message);
        Assert.Equal("<masked:secret>", logEvent.Attributes["password"]);
        Assert.Equal("postgres://<masked:credentials>@db:5432/x", logEvent.Attributes["db.url"]);
        Assert.Equal("web-1", logEvent.Host);
    }

    [Fact]
    public void A_csv_source_dead_letters_rows_with_the_wrong_column_count_but_still_reads_other_formats()
    {
        var result = new LogNormalizer().Normalize(Records.Of("time,level,message\nonly one column\n{\"msg\":\"json in between\"}\n2024-01-02T10:00:00Z,INFO,fine\n"));

        Assert.Equal("CSV row has 1 columns; the header has 3", Assert.Single(result.DeadLetters).Reason);
        Assert.Equal(["json in between", "fine"], result.Events.Select(e => e.Message));
    }

    /// <summary>A header row is known by its cells, quoted or padded with white space; a row with a character no header name has is not one (a comma in prose).</summary>
    [Theory]
    [InlineData("time,level,message", true)]
    [InlineData("\"time\",\"level\" ,\tmessage", true)]
    [InlineData("time,level,message: all", false)]
    [InlineData("time,l\u00e9vel,message", false)]
    public void A_csv_header_is_recognized_by_its_cells(string header, bool isHeader)
    {
        var result = new LogNormalizer().Normalize(Records.Of($"{header}\n2024-01-02T10:00:00Z,INFO,fine\n"));

        Assert.Equal(isHeader ? ["fine"] : [header, "2024-01-02T10:00:00Z,INFO,fine"], result.Events.Select(e => e.Message));
    }

    [Fact]
    public void Plain_text_and_json_lines_of_one_record_become_events_in_order_as_the_pipeline_expects()
    {
        var events = new LogNormalizer().Normalize(Records.Of("2026-11-25T11:59:58Z ERROR payment declined\n{\"level\":\"warn\",\"msg\":\"slow query\",\"service\":\"db\"}\n")).Events;

        Assert.Equal(
            [(Severity.Error, "payment declined", null, 0), (Severity.Warn, "slow query", "db", 1)],
            events.Select(e => (e.Level, e.Message, e.Service, e.Raw.Index)));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 59, 58, TimeSpan.Zero), events[0].Timestamp);
    }

    [Fact]
    public void A_line_without_a_recognizable_layout_keeps_its_raw_text_and_the_arrival_time()
    {
        var logEvent = Assert.Single(new LogNormalizer().Normalize(Records.Of("something odd happened")).Events);

        Assert.Equal(("something odd happened", Severity.Unknown, Records.ReceivedAt), (logEvent.Message, logEvent.Level, logEvent.Timestamp));
    }
}
