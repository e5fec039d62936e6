using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>Headers of logfmt logs: the leading time, level and caller pairs, in the orders loggers write them; written here in each logger's shape.</summary>
public sealed class LogfmtHeaderTests
{
    [Theory]
    [InlineData("ts={0} level={1} caller={2}", "ts=<Timestamp> level=<Level> caller=<Caller> <Content>")]
    [InlineData("ts={0} caller={2} level={1}", "ts=<Timestamp> caller=<Caller> level=<Level> <Content>")]
    [InlineData("level={1} ts={0} caller={2}", "level=<Level> ts=<Timestamp> caller=<Caller> <Content>")]
    [InlineData("time={0} level={1}", "time=<Timestamp> level=<Level> <Content>")]
    public void The_leading_time_level_and_caller_pairs_are_the_header_in_any_order(string header, string layout)
    {
        string[] messages = ["msg=\"build info\" version=v2.31.0 branch=main", "msg=\"request served\" path=/api/v1/orders status=200 duration=12ms", "msg=\"retrying\" attempt=3 err=\"context deadline exceeded\""];
        string[] levels = ["info", "debug", "warn"];
        var lines = messages.Select((message, i) => string.Format(header, $"2026-12-02T10:00:0{i}.000Z", levels[i], $"server/http.go:{100 + i}") + " " + message).ToList();

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(layout, detected.Layout);
        Assert.Equal(messages[1], detected.ContentOf(lines[1]));
        Assert.Same(detected, HeaderCatalog.Find(layout));
        var read = detected.Read(lines[2], DateTimeOffset.UnixEpoch)!;
        Assert.Equal(Severity.Warn, read.Level);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 2, TimeSpan.Zero), read.Timestamp);
    }

    [Fact]
    public void Pairs_without_a_time_a_message_and_a_last_pair_are_content()
    {
        Assert.Null(LogfmtHeader.Learn(["level=info msg=\"started\" port=8080", "level=warn msg=\"slow\" ms=1200", "level=info msg=\"stopped\" code=0"]));
        var unknownKey = LogfmtHeader.Learn(["ts=2026-12-02T10:00:00Z component=\"api\" level=info msg=started", "ts=2026-12-02T10:00:01Z component=\"db\" level=warn msg=slow"]);
        Assert.Equal("ts=<Timestamp> <Content>", unknownKey?.Format.Layout);
        Assert.Null(LogfmtHeader.Learn(["ts=2026-12-02T10:00:00Z", "ts=2026-12-02T10:00:01Z"]));
    }

    /// <summary>
    /// logrus's text formatter quotes every value holding a character outside its plain set, so its time, with colons,
    /// is always quoted (<c>time="2026-11-28T14:02:11.000835033Z"</c>), as Docker's daemon, containerd and Traefik
    /// write it; the quotes belong to the header, and the quoted message after it is content.
    /// </summary>
    [Fact]
    public void Quoted_header_values_as_logrus_writes_them_are_header()
    {
        string[] messages = ["msg=\"Starting up\"", "msg=\"shim disconnected\" id=4f2a9c namespace=moby", "msg=\"Handler for GET /v1.43/containers/json returned error: write unix /run/docker.sock: broken pipe\""];
        string[] levels = ["info", "info", "error"];
        var lines = messages.Select((message, i) => $"time=\"2026-11-28T14:02:1{i}.00083503{i}Z\" level={levels[i]} {message}").ToList();

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal("time=\"<Timestamp>\" level=<Level> <Content>", detected.Layout);
        Assert.Equal(messages[1], detected.ContentOf(lines[1]));
        var read = detected.Read(lines[2], DateTimeOffset.UnixEpoch)!;
        Assert.Equal(Severity.Error, read.Level);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 2, 12, TimeSpan.Zero).AddTicks(8350), read.Timestamp);
        Assert.Equal("ts=<Timestamp> level=\"<Level>\" <Content>", LogfmtHeader.Learn(["ts=2026-12-02T10:00:00Z level=\"info\" msg=started", "ts=2026-12-02T10:00:01Z level=\"warn\" msg=slow"])?.Format.Layout);
    }

    /// <summary>
    /// The normalizer keeps reading logfmt lines with its own parser, pair by pair (the message from <c>msg</c>, the
    /// rest as attributes), never by the learned layout, which would leave the pairs in the message.
    /// </summary>
    [Fact]
    public void A_source_of_logfmt_lines_is_still_read_pair_by_pair_by_the_normalizer()
    {
        var lines = Enumerable.Range(0, 30).Select(i => $"ts=2026-12-02T10:00:{i:00}.000Z level=info caller=server/http.go:{100 + i} msg=\"request served\" path=/api/v1/orders/{i} status=200");
        var record = new RawRecord("go-service", System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)), new RawOffset("logs.raw", 0, 0), DateTimeOffset.UnixEpoch);

        var events = new LogNormalizer().Normalize(record).Events;

        Assert.Equal(30, events.Count);
        Assert.All(events, logEvent => Assert.Equal("request served", logEvent.Message));
        Assert.Equal("/api/v1/orders/29", events[^1].Attributes["path"]);
    }
}
