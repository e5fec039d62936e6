using FaultMaven.Analysis.Headers;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>Catalog layouts for kinds of logs the template miner met in the third written corpus; lines written here in each kind's shape.</summary>
public sealed class HeaderCatalogTests
{
    /// <summary>nginx's error log: the pid and thread id before the colon are the header's, the connection number after it the message's.</summary>
    [Fact]
    public void An_nginx_error_log_leaves_the_pid_and_thread_id_in_the_header()
    {
        string[] lines =
        [
            "2026/11/28 14:02:11 [notice] 2416#2416: using the \"epoll\" event method",
            "2026/11/28 14:05:40 [error] 2417#2417: *5678 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.1",
            "2026/11/28 14:06:02 [warn] 2418#2418: *5702 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001",
        ];

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(@"<Date> <Time> \[<Level>\] <Pid>#<Tid>: <Content>", detected.Layout);
        Assert.StartsWith("*5678 upstream timed out", detected.ContentOf(lines[1]), StringComparison.Ordinal);
        Assert.True(HeaderCatalog.IsReadByOwnParser(detected));
    }

    [Theory]
    [InlineData("{0} info [orders-api] {1}", @"<Timestamp> <Level> \[<Component>\] <Content>")]
    [InlineData("{0} INFO {1}", "<Timestamp> <Level> <Content>")]
    public void A_logging_layout_with_one_iso_timestamp_leaves_the_level_and_a_bracketed_name_in_the_header(string shape, string layout)
    {
        string[] messages = ["starting orders-api v3.4.1 (node v20.10.0, pid 1)", "GET /api/orders/123 200 12ms", "cache miss for key order:123"];
        var lines = messages.Select((message, i) => string.Format(shape, $"2026-11-28T14:02:1{i}.742Z", message)).ToList();

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(layout, detected.Layout);
        Assert.Equal(messages[1], detected.ContentOf(lines[1]));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 2, 12, 742, TimeSpan.Zero), detected.Read(lines[2], DateTimeOffset.UnixEpoch)!.Timestamp);
    }
}
