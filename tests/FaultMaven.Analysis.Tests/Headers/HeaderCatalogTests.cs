using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Tests.Normalization;
using FaultMaven.Contracts;

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

    /// <summary>
    /// Elasticsearch's and OpenSearch's log4j2 layout: bracketed fields side by side, each padded to its width. The
    /// padding is not the value, so <c>[INFO ]</c> is a level; the live normalizer learns the layout and reads the level,
    /// the time and the message from it.
    /// </summary>
    [Fact]
    public void Bracketed_fields_side_by_side_and_padded_to_a_width_are_read_without_their_padding()
    {
        string[] lines =
        [
            "[2026-11-28T14:07:39,281][INFO ][o.e.c.r.DelayedAllocationService] [node-1] scheduling reroute for delayed shards in [12.6s]",
            "[2026-11-28T14:13:43,611][WARN ][o.e.m.j.JvmGcMonitorService] [node-1] [gc][101784] overhead, spent [969ms] collecting in the last [2.5s]",
            "[2026-11-28T14:32:27,924][ERROR][o.e.n.Node               ] [node-1] fatal error in thread [main], exiting",
        ];

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(@"\[<Timestamp>\]\[<Level>\]\[<Component>\] \[<Node>\] <Content>", detected.Layout);
        Assert.Equal("[gc][101784] overhead, spent [969ms] collecting in the last [2.5s]", detected.ContentOf(lines[1]));
        Assert.Equal("o.e.n.Node", detected.FieldsOf(lines[2])!["Component"]);
        var events = new LogNormalizer().Normalize(Records.Of(string.Join('\n', lines))).Events;
        Assert.Equal([Severity.Info, Severity.Warn, Severity.Error], events.Select(logEvent => logEvent.Level));
        Assert.Equal("fatal error in thread [main], exiting", events[2].Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 32, 27, 924, TimeSpan.Zero), events[2].Timestamp);
    }

    /// <summary>
    /// Three common layouts: Redis's (<c>pid:role</c>, a day-month-year clock and a level mark), HashiCorp's hclog (the
    /// level in brackets padded to five letters, the logger's name before a colon) and the systemd journal printed in
    /// short-iso form (host, program and pid after an ISO 8601 time).
    /// </summary>
    [Theory]
    [InlineData("3181:M 28 Nov 2026 14:09:59.307 - Accepted 10.2.27.5:37631", "3181:S 28 Nov 2026 14:10:02.101 * MASTER <-> REPLICA sync started", "3181:M 28 Nov 2026 14:24:31.176 # Background saving error", @"<Pid>:<Role> <Day> <Month> <Year> <Time> <Mark> <Content>")]
    [InlineData("2026-11-28T14:09:19.250Z [DEBUG] agent.http: Request finished: method=GET url=/v1/status/leader", "2026-11-28T14:09:20.001Z [INFO]  agent.server.raft: entering follower state: follower=\"Node at 10.0.3.11:8300\"", "2026-11-28T14:09:21.777Z [WARN]  agent: Check is now critical: check=service:web", @"<Timestamp> \[<Level>\] <Component>: <Content>")]
    [InlineData("2026-11-28T14:09:52+0000 k8s-node-07 sshd[34937]: Invalid user ubuntu from 45.83.64.11 port 47100", "2026-11-28T14:09:53+0000 k8s-node-07 systemd[1]: Started Session 12 of User root.", "2026-11-28T14:09:54+0000 k8s-node-07 kernel: eth0: link up", @"<Timestamp> <Host> <Component>(\[<Pid>\])?: <Content>")]
    public void Redis_hclog_and_journal_lines_leave_their_headers_out_of_the_message(string first, string second, string third, string layout)
    {
        string[] lines = [first, second, third];

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(layout, detected.Layout);
        Assert.DoesNotContain("28 Nov", detected.ContentOf(lines[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("2026-11-28", detected.ContentOf(lines[1]), StringComparison.Ordinal);
        Assert.All(lines, line => Assert.NotNull(detected.Read(line, DateTimeOffset.UnixEpoch)?.Timestamp));
    }

    /// <summary>Tomcat's, Cassandra's, MySQL 8's and PgBouncer's documented layouts, whose headers are cut off before mining.</summary>
    [Theory]
    [InlineData("28-Nov-2026 14:02:11.000 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [2345] milliseconds", "28-Nov-2026 14:12:32.670 WARNING [http-nio-8080-exec-12] com.example.shop.StockMonitor.check Stock below threshold", @"<Date> <Time> <Level> \[<Thread>\] <Logger> <Content>", "Server startup in [2345] milliseconds")]
    [InlineData("INFO  [main] 2026-11-28 14:02:11,000 StorageService.java:491 - Cassandra version: 4.1.3", "WARN  [GossipTasks:1] 2026-11-28 14:02:12,004 FailureDetector.java:319 - Not marking nodes down due to local pause", @"<Level> \[<Thread>\] <Date> <Time> <File>:<Line> - <Content>", "Cassandra version: 4.1.3")]
    [InlineData("2026-11-28T14:02:11.000350Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.35) starting as process 1", "2026-11-28T14:12:38.473965Z 64191 [Note] [MY-010914] [Server] Aborted connection 46562 to db: 'appdb'", @"<Timestamp> <Thread> \[<Level>\] \[<ErrCode>\] \[<Subsystem>\] <Content>", "/usr/sbin/mysqld (mysqld 8.0.35) starting as process 1")]
    [InlineData("2026-11-28 14:02:11.000 UTC [7] LOG kernel file descriptor limit: 1048576", "2026-11-28 14:12:30.134 UTC [7] WARNING C-0x55d1ce65ae92: pooler error: no more connections allowed", @"<Date> <Time> <Zone> \[<Pid>\] <Level> <Content>", "kernel file descriptor limit: 1048576")]
    [InlineData("2026-11-28 14:02:11.000969+00:00 [info] <0.15984.0> Starting RabbitMQ 3.12.10 on Erlang 26.1.2 [jit]", "2026-11-28 14:05:40.112020+00:00 [warning] <0.2741.0> closing AMQP connection <0.2741.0> (10.0.8.5:43210 -> 10.0.0.9:5672)", @"<Date> <Time> \[<Level>\] <Process> <Content>", "Starting RabbitMQ 3.12.10 on Erlang 26.1.2 [jit]")]
    [InlineData("[2026-11-28 14:02:13,857: INFO/MainProcess] mingle: sync with 2 nodes", "[2026-11-28 14:15:32,828: WARNING/ForkPoolWorker-3] shop.tasks.charge_order[c805a124-79df-4a17-9f7d-f905c21e35c0]: retrying", @"\[<Date> <Time>: <Level>/<ProcessName>\] <Content>", "mingle: sync with 2 nodes")]
    [InlineData("2026-11-28T14:02:13.272+0000 I CONTROL  [initandlisten] git version: af1a9dc12adcfa83cc19571cb3faba26eeddac92", "2026-11-28T14:16:02.654+0000 W NETWORK  [conn53532] Error sending response to client", @"<Timestamp> <Level> <Component> \[<Context>\] <Content>", "git version: af1a9dc12adcfa83cc19571cb3faba26eeddac92")]
    [InlineData("2026-11-28 14:02:15.547 INFO  (main) [   ] o.a.s.s.SolrDispatchFilter Welcome to Apache Solr version 8.11.2", "2026-11-28 14:16:41.509 WARN  (qtp1306854275-24) [c:products s:shard2 r:core_node7 x:products_shard2_replica_n4] o.a.s.c.S.SlowRequest slow: [products_shard2_replica_n4] webapp=/solr", @"<Date> <Time> <Level> \(<Thread>\) \[<Mdc>\] <Logger> <Content>", "Welcome to Apache Solr version 8.11.2")]
    public void Tomcat_cassandra_mysql_pgbouncer_rabbitmq_celery_mongodb_and_solr_lines_leave_their_headers_out_of_the_message(string first, string second, string layout, string content)
    {
        var detected = HeaderDetector.Detect([first, second]).Format;

        Assert.Equal(layout, detected.Layout);
        Assert.Equal(content, detected.ContentOf(first));
        Assert.NotEqual(Severity.Unknown, detected.Read(second, DateTimeOffset.UnixEpoch)!.Level);
    }

    /// <summary>
    /// Samba's debug header: the time in brackets with the debug level after a comma, the source file, line and function;
    /// the message is what follows, and the time is read.
    /// </summary>
    [Fact]
    public void Samba_lines_leave_their_debug_header_out_of_the_message()
    {
        string[] lines =
        [
            "[2026/11/28 14:02:11.000842,  0] ../../source3/smbd/server.c:1741(main)  smbd version 4.18.6-Ubuntu started.",
            "[2026/11/28 14:05:40.112020,  2] ../../source3/auth/auth.c:324(auth_check_ntlm_password)  check_ntlm_password:  Authentication for user [judy] -> [judy] FAILED with error NT_STATUS_WRONG_PASSWORD",
        ];

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(@"\[<Date> <Time>, <DebugLevel>\] <Source>\(<Function>\) <Content>", detected.Layout);
        Assert.Equal("smbd version 4.18.6-Ubuntu started.", detected.ContentOf(lines[0]));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 5, 40, 112, 20, TimeSpan.Zero), detected.Read(lines[1], DateTimeOffset.UnixEpoch)!.Timestamp);
    }

    /// <summary>
    /// log4j's pattern with the logger before <c> - </c>: the dash is the layout's, not the message's, though a layout
    /// without it explains the same lines (the more literal text wins the tie); the normalizer's own logging-layout
    /// parser keeps reading such lines live.
    /// </summary>
    [Theory]
    [InlineData("{0} ERROR [main] c.a.OrderService - {1}", @"<Date> <Time> <Level> \[<Thread>\] <Logger> - <Content>")]
    [InlineData("{0} [main] ERROR c.a.OrderService - {1}", @"<Date> <Time> \[<Thread>\] <Level> <Logger> - <Content>")]
    public void A_log4j_pattern_with_a_dash_after_the_logger_leaves_the_dash_in_the_header(string shape, string layout)
    {
        string[] lines =
        [
            string.Format(shape, "2026-11-25 12:00:00.000", "order failed"),
            "java.lang.IllegalStateException: stock is negative",
            "\tat com.acme.OrderService.reserve(OrderService.java:42)",
            string.Format(shape, "2026-11-25 12:00:01.000", "next order - 2 items"),
        ];

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(layout, detected.Layout);
        Assert.Equal("next order - 2 items", detected.ContentOf(lines[3]));
        Assert.True(HeaderCatalog.IsReadByOwnParser(detected));
    }

    /// <summary>RabbitMQ's process field is an id in brackets: a message that starts with a count keeps it.</summary>
    [Fact]
    public void A_word_or_count_after_a_bracketed_level_is_no_process_id()
    {
        string[] lines = ["2026-11-28 14:02:11.000969+00:00 [info] Starting RabbitMQ 3.12.10", "2026-11-28 14:05:40.112020+00:00 [warning] 12 channels closed"];

        Assert.Equal(@"<Date> <Time> \[<Level>\] <Content>", HeaderDetector.Detect(lines).Format.Layout);
    }

    /// <summary>
    /// A timestamp in one field is an epoch or a date with its time of day that reads as a time: a date alone, or a
    /// clock the parsers do not read, does not make the journal's layout (which the normalizer leaves to its own parser)
    /// claim a line that parser would read otherwise. Found by <c>HeaderPropertyTests</c> (seeds 81joiwswbMm1, bBgYRNfQ2jW4).
    /// </summary>
    [Theory]
    [InlineData("2004-02-01 16:28:47,074 -: WARN  [xpfti9yiq] - a38 i[ ")]
    [InlineData("28/08/14000:26:07 E fft73u6: fgd[6k0:]g5:3h:g]a[.98f /=ajch-=0fi6=8b92=a8 7kh6")]
    public void A_date_alone_or_an_unreadable_clock_is_no_timestamp_field(string line)
    {
        var journal = HeaderCatalog.Find(@"<Timestamp> <Host> <Component>(\[<Pid>\])?: <Content>")!;

        Assert.False(HeaderDetector.Explains(journal, line));
        Assert.True(HeaderDetector.Explains(journal, "2026-11-28T14:09:53+0000 k8s-node-07 systemd[1]: Started Session 12 of User root."));
    }
}
