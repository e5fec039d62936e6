using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;
using FaultMaven.Analysis.Tests.Templates;
using Xunit.Abstractions;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>
/// Headers learned from columns, for logs of a system the catalog does not know. The Loghub sets stand in for such
/// systems by leaving out every catalog layout that explains a set (so the set is as unknown to the catalog as an
/// unseen system); the other cases are lines written here in each kind's shape.
/// </summary>
public sealed class ColumnHeaderTests(ITestOutputHelper output)
{
    public static TheoryData<string> Datasets => [.. Loghub.Datasets];

    /// <summary>
    /// With its own layouts left out, a set is mined with the header learned from its columns or, when none is learned,
    /// as whole lines, as before this class. A learned header must never score below whole lines; one that splits the
    /// line where the ground truth does (its content on nearly every line) must score within a point of the catalog
    /// layout written for the set. None is learned where a format parser of the normalizer reads the lines (syslog,
    /// logcat, a logging layout: the live reading stays the parser's) or the columns hold no clock (HealthApp's are
    /// <c>|</c>-separated). Learned here: Thunderbird's collector columns, HDFS's clock of bare digits, and Proxifier's
    /// bracketed clock, after which the ground truth also takes the program name as header, which no column kind tells.
    /// </summary>
    [Theory]
    [MemberData(nameof(Datasets))]
    public void A_set_whose_layout_the_catalog_lacks_is_mined_as_well_with_its_learned_header_as_with_the_catalogs(string dataset)
    {
        var lines = Loghub.RawLines(dataset);
        var sample = lines.Take(LogMining.DetectionSampleSize).ToList();
        var others = HeaderCatalog.Common.Where(format => Coverage(format, sample) < HeaderDetector.MinimumCoverage).ToList();
        var catalogAlone = HeaderDetector.Detect(sample, others);
        var learned = ReferenceEquals(catalogAlone.Format, HeaderFormat.WholeLine) ? ColumnHeader.Learn(sample)?.Format : null;

        var catalog = Loghub.Result(dataset);
        var whole = Loghub.Score(dataset, lines, HeaderFormat.WholeLine);
        var byColumns = learned is null ? whole : Loghub.Score(dataset, lines, learned);
        var content = learned is null ? 0 : Loghub.ContentShare(dataset, lines, learned);
        output.WriteLine($"{dataset}: left to {catalogAlone.Format.Layout}; learned {learned?.Layout ?? "(none)"}, truth's content on {content:P1} of lines");
        output.WriteLine($"  GA/PA: catalog {catalog.Score.GroupingAccuracy:F3}/{catalog.Score.ParsingAccuracy:F3}, learned {byColumns.GroupingAccuracy:F3}/{byColumns.ParsingAccuracy:F3}, whole lines {whole.GroupingAccuracy:F3}/{whole.ParsingAccuracy:F3}");

        Assert.Equal(dataset is "Thunderbird" or "HDFS" or "Proxifier", learned is not null);
        Assert.True(byColumns.GroupingAccuracy >= whole.GroupingAccuracy - 0.01, $"GA {byColumns.GroupingAccuracy:F3}");
        Assert.True(byColumns.ParsingAccuracy >= whole.ParsingAccuracy, $"PA {byColumns.ParsingAccuracy:F3}");
        if (content >= 0.99)
        {
            Assert.True(byColumns.GroupingAccuracy >= catalog.Score.GroupingAccuracy - 0.01, $"GA {byColumns.GroupingAccuracy:F3}");
            Assert.True(byColumns.ParsingAccuracy >= catalog.Score.ParsingAccuracy - 0.01, $"PA {byColumns.ParsingAccuracy:F3}");
        }
    }

    [Fact]
    public void A_cluster_event_log_of_id_node_component_state_and_epoch_columns_gets_its_header_learned()
    {
        string[] lines =
        [
            "40112 rack3-n17 fabric.link link_state.down 1387311204 1 Link \"eth2\" on switch sw-4 went down (port=11)",
            "40113 rack3-n17 fabric.link link_state.up 1387311266 1 Link \"eth2\" on switch sw-4 came up (port=11)",
            "40187 rack1-n02 node.boot boot_command 1387312001 1 boot (command 2281) succeeded",
            "40188 rack1-n03 node.boot boot_command 1387312004 1 boot (command 2282) failed: no response from bmc",
            "40201 rack2-n09 power.psu psu_state.degraded 1387312190 2 Power supply 2 is degraded (voltage=11.2)",
        ];

        var learned = HeaderDetector.Detect(lines);

        Assert.Equal("<Column1> <Column2> <Column3> <Column4> <Timestamp> <Column6> <Content>", learned.Format.Layout);
        Assert.Equal("boot (command 2281) succeeded", learned.Format.ContentOf(lines[2]));
        Assert.Equal(new DateTimeOffset(2013, 12, 17, 20, 13, 24, TimeSpan.Zero), learned.Format.Read(lines[0], DateTimeOffset.UnixEpoch)!.Timestamp);
    }

    [Fact]
    public void A_logging_layout_behind_a_file_name_column_gets_its_date_time_pid_and_level_learned()
    {
        string[] lines =
        [
            "scheduler.log.3 2024-05-06 09:31:16.208 4411 INFO scheduler.filters [req-7a1] Filtered 12 hosts",
            "scheduler.log.3 2024-05-06 09:31:17.001 4411 WARNING scheduler.filters [req-7a2] No valid host found",
            "api.log.1 2024-05-06 09:31:18.440 2980 ERROR api.server [req-7a3] Instance boot failed: timeout",
        ];

        var learned = HeaderDetector.Detect(lines).Format;

        Assert.Equal("<Column1> <Date> <Time> <Column4> <Level> <Content>", learned.Layout);
        var read = learned.Read(lines[2], DateTimeOffset.UnixEpoch)!;
        Assert.Equal(Contracts.Severity.Error, read.Level);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 9, 31, 18, 440, TimeSpan.Zero), read.Timestamp);
        Assert.Equal("api.server [req-7a3] Instance boot failed: timeout", read.Content);
    }

    [Theory]
    [InlineData("[2024-05-06 09:31:16] ", "\\[<Time>\\] <Content>")]
    [InlineData("[Mon May 06 09:31:16 2024] ", "\\[<Time>\\] <Content>")]
    [InlineData("240506 093116 ", "<Date> <Time> <Content>")]
    public void A_clock_in_brackets_with_spaces_inside_or_of_bare_digits_is_one_header_field(string clock, string layout)
    {
        string[] messages = ["worker 3 started", "queue depth 412 over limit", "worker 3 stopped"];

        var learned = ColumnHeader.Learn([.. messages.Select(message => clock + message)]);

        Assert.Equal(layout, learned?.Format.Layout);
        Assert.Equal("queue depth 412 over limit", learned!.Format.ContentOf(clock + messages[1]));
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 9, 31, 16, TimeSpan.Zero), learned.Format.Read(clock + messages[0], DateTimeOffset.UnixEpoch)!.Timestamp);
    }

    [Theory]
    [InlineData("01O")]
    [InlineData("00E+")]
    [InlineData("stdout")]
    public void A_stream_column_after_a_job_column_belongs_to_the_header(string stream)
    {
        string[] lines =
        [
            $"2026-11-30T08:14:02.118204Z 483555 {stream} $ make build",
            $"2026-11-30T08:14:02.301977Z 487353 {stream} [INFO] Tests run: 48, Failures: 0",
            $"2026-11-30T08:14:03.001002Z 483555 {stream} --- PASS: TestLedger (1.53s)",
        ];

        AssertLearned(lines, "<Time> <Column2> <Stream> <Content>", "[INFO] Tests run: 48, Failures: 0");
    }

    /// <summary>
    /// A storage daemon's layout: the time, the thread id in hexadecimal and a signed debug level (Ceph writes
    /// <c>-1</c> for errors, <c>0</c> for the cluster log, up to <c>20</c>) before the message. Both columns are ids and
    /// numbers, header as a pid is; a message's first word is not taken with them.
    /// </summary>
    [Fact]
    public void A_hexadecimal_thread_id_and_a_signed_level_after_the_time_belong_to_the_header()
    {
        string[] lines =
        [
            "2026-12-02T10:00:00.946+0000 7f17ae065200 -1 osd.3 0 set_numa_affinity unable to identify public interface",
            "2026-12-02T10:00:01.002+0000 7f17ae065200  0 osd.3 0 load_pgs opened 412 pgs",
            "2026-12-02T10:00:02.415+0000 7f0c3a1fe700 10 osd.3 pg_epoch: 2211 pg[2.1f] start_peering_interval",
            "2026-12-02T10:00:02.993+0000 7f0c399fd700  1 heartbeat_map is_healthy 'OSD::osd_op_tp thread 0x7f0c2f1e8700' had timed out",
        ];

        AssertLearned(lines, "<Time> <Column2> <Column3> <Content>", "osd.3 0 load_pgs opened 412 pgs");
    }

    /// <summary>
    /// Python logging's <c>[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s</c>, as Airflow writes it:
    /// the dash after the level is the header's, and the <c>{file:line}</c> column is not a time for a catalog layout of
    /// date, time and level to take (a date or time starts with a digit).
    /// </summary>
    [Fact]
    public void A_dash_after_the_level_ends_the_header_and_a_file_and_line_column_is_no_time()
    {
        string[] lines =
        [
            "[2026-11-28T14:04:54.993+0000] {taskinstance.py:1157} INFO - Dependencies all met for dep_context=requeueable deps",
            "[2026-11-28T14:07:55.623+0000] {taskinstance.py:1359} INFO - Starting attempt 1 of 3",
            "[2026-11-28T14:29:19.509+0000] {job.py:218} ERROR - Scheduler heartbeat got an exception",
        ];

        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(@"\[<Time>\] <Column2> <Level> - <Content>", detected.Layout);
        Assert.Equal("Starting attempt 1 of 3", detected.ContentOf(lines[1]));
        Assert.Same(detected, HeaderCatalog.Find(detected.Layout));
    }

    /// <summary>
    /// PHP-FPM's error log: a bracketed clock with the month's name (<c>dd-Mon-yyyy HH:mm:ss</c>, also java.util.logging's
    /// default) and the level written with its colon (<c>NOTICE:</c>), as PostgreSQL and many C programs write theirs.
    /// </summary>
    [Fact]
    public void A_bracketed_clock_with_a_month_name_and_a_level_with_its_colon_are_the_header()
    {
        string[] lines =
        [
            "[28-Nov-2026 14:02:11] NOTICE: fpm is running, pid 812",
            "[28-Nov-2026 14:02:13] WARNING: [pool www] server reached pm.max_children setting (20), consider raising it",
            "[28-Nov-2026 14:05:40] ERROR: unable to read what child say: Bad file descriptor (9)",
        ];

        AssertDetected(lines, @"\[<Time>\] <Level>: <Content>", "[pool www] server reached pm.max_children setting (20), consider raising it", Severity.Error, new DateTimeOffset(2026, 11, 28, 14, 5, 40, TimeSpan.Zero));
    }

    /// <summary>
    /// An id in brackets just after the level is the logger's (RabbitMQ's Erlang process <c>&lt;0.15984.0&gt;</c>, a
    /// <c>[1234]</c> pid), so it belongs to the header; a bracketed level is a level; a message's own count after the
    /// level, with no brackets, stays content.
    /// </summary>
    [Theory]
    [InlineData("<0.{0}.0>", @"<Date> <Time> \[<Level>\] <Process> <Content>")]
    [InlineData("[{0}]", @"<Date> <Time> \[<Level>\] \[<Process>\] <Content>")]
    [InlineData("{0}", @"<Date> <Time> \[<Level>\] <Content>")]
    public void An_enclosed_id_after_the_level_belongs_to_the_header(string id, string layout)
    {
        string[] messages = ["accepting AMQP connection 10.0.8.5:43210", "vhost 'orders' started", "closing AMQP connection 10.0.8.5:43210"];
        string[] levels = ["info", "info", "warning"];
        var lines = messages.Select((message, i) => $"28-Nov-2026 14:02:1{i}.000 [{levels[i]}] {string.Format(id, 15984 + i)} {message}").ToList();

        var learned = ColumnHeader.Learn(lines);

        Assert.Equal(layout, learned?.Format.Layout);
        Assert.EndsWith(messages[1], learned!.Format.ContentOf(lines[1]));
        Assert.Equal(Severity.Warn, learned.Format.Read(lines[2], DateTimeOffset.UnixEpoch)!.Level);
    }

    /// <summary>
    /// Epoch seconds with a fraction (Squid's access log, Zeek) are a time, and so is a date alone with slashes before a
    /// time column (Squid's cache.log): both start a header.
    /// </summary>
    [Theory]
    [InlineData("1795874560.683  30444 ", "<Timestamp> <Column2> <Content>", 1795874560.683)]
    [InlineData("2026/11/28 14:02:11 ", "<Date> <Time> <Content>", 1795874531.0)]
    public void An_epoch_with_a_fraction_and_a_date_with_slashes_start_a_header(string header, string layout, double epochSeconds)
    {
        string[] messages = ["10.20.2.140 TCP_MISS/200 325063 GET http://cdn.example.com/img/front.jpg", "10.20.2.103 TCP_MISS/200 352 GET http://deb.example.org/dists/InRelease", "10.20.1.177 TCP_TUNNEL/200 3955430 CONNECT teams.example.com:443"];

        var learned = ColumnHeader.Learn([.. messages.Select(message => header + message)]);

        Assert.Equal(layout, learned?.Format.Layout);
        Assert.Equal(messages[1], learned!.Format.ContentOf(header + messages[1]));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMilliseconds(epochSeconds * 1000), learned.Format.Read(header + messages[0], DateTimeOffset.UnixEpoch)!.Timestamp);
    }

    /// <summary>
    /// Envoy's layout writes its fields in brackets side by side (<c>[%Y-%m-%d %T.%e][%t][%l][%n]</c>), then the source
    /// location: the brackets are one piece of the layout, each around its field, and the source location after the level
    /// belongs to the header as an id does.
    /// </summary>
    [Fact]
    public void Brackets_side_by_side_and_a_source_location_after_the_level_are_the_header()
    {
        string[] lines =
        [
            "[2026-11-28 14:02:11.000][1][info][main] [source/server/server.cc:430] initializing epoch 0 (base id=0, hot restart version=11.104)",
            "[2026-11-28 14:02:30.712][26][debug][connection] [source/common/network/connection_impl.cc:746] [C6592] connected",
            "[2026-11-28 14:12:54.599][15][warning][router] [source/common/router/router.cc:732] [C165262][S35254] upstream reset: reset reason: overflow",
        ];

        AssertDetected(lines, @"\[<Time>\]\[<Process>\]\[<Level>\]\[<Column4>\] <Column5> <Content>", "[C6592] connected", Severity.Warn, new DateTimeOffset(2026, 11, 28, 14, 12, 54, 599, TimeSpan.Zero));
    }

    /// <summary>
    /// Jenkins' layout: a time of day with its zone (<c>14:02:12.362+0000</c>), a thread column, then level and logger
    /// between tabs.
    /// </summary>
    [Fact]
    public void A_time_with_its_zone_and_columns_between_tabs_are_the_header()
    {
        string[] lines =
        [
            "2026-11-28 14:02:12.362+0100 [id=2478]\tINFO\tjenkins.InitReactorRunner$1#onAttained: Started initialization",
            "2026-11-28 14:03:40.001+0100 [id=31]\tWARNING\thudson.slaves.ChannelPinger#install: Channel pinger failed on agent-7",
            "2026-11-28 14:05:07.950+0100 [id=2325]\tINFO\tjenkins.model.Jenkins#onAttained: Completed initialization",
        ];

        AssertDetected([lines[0], lines[2], lines[1]], "<Date> <Time> <Column3> <Level> <Component>: <Content>", "Completed initialization", Severity.Warn, new DateTimeOffset(2026, 11, 28, 13, 3, 40, 1, TimeSpan.Zero));
    }

    /// <summary>
    /// ClickHouse's server log: a dotted date, the thread id in brackets padded with spaces (<c>[ 1326 ]</c>), the query id
    /// in braces, the level in angle brackets (<c>&lt;Information&gt;</c>) and the logger before a colon.
    /// </summary>
    [Fact]
    public void A_padded_bracketed_id_and_a_level_in_angle_brackets_are_the_header()
    {
        string[] lines =
        [
            "2026.11.28 14:02:13.251024 [ 1326 ] {} <Information> Application: Starting ClickHouse 23.8.4.69",
            "2026.11.28 14:15:21.584710 [ 496 ] {9043bec9-8cb5-4ff3-0ff5-b61383e78ccd} <Debug> executeQuery: Read 3 rows, 120.00 B in 0.0012 sec.",
            "2026.11.28 14:15:22.001002 [ 497 ] {} <Error> TCPHandler: Code: 210. DB::NetException: Connection reset by peer",
        ];

        AssertDetected(lines, @"<Date> <Time> \[<Process>\] <Column4> <<Level>> <Component>: <Content>", "Read 3 rows, 120.00 B in 0.0012 sec.", Severity.Error, new DateTimeOffset(2026, 11, 28, 14, 15, 22, TimeSpan.Zero).AddTicks(10020));
    }

    /// <summary>
    /// A game server's log: the time in brackets, then the thread and level in brackets before a colon
    /// (<c>[Server thread/INFO]:</c>, the thread name holding a space), which ends the header as a logger's name does.
    /// </summary>
    [Fact]
    public void A_bracketed_name_before_a_colon_ends_the_header()
    {
        string[] lines = ["[14:02:11] [Worker-Main-2/INFO]: Loaded 1229 advancements", "[14:15:29] [Server thread/INFO]: Notch4Ever joined the game", "[14:15:31] [Server thread/WARN]: Can't keep up! Is the server overloaded?"];

        var learned = AssertLearned(lines, @"\[<Time>\] \[<Component>\]: <Content>", "Notch4Ever joined the game");
        Assert.Equal("Server thread/WARN", learned.FieldsOf(lines[2])!["Component"]);
    }

    /// <summary>
    /// A supercomputer's RAS log: a flag, an epoch, a node, IBM's timestamp string (<c>2005-06-03-15.42.50.363779</c>),
    /// then two words (the source type and component) before the level; the message's own first words stay content.
    /// </summary>
    [Fact]
    public void An_ibm_timestamp_and_two_words_before_the_level_are_the_header()
    {
        string[] lines =
        [
            "- 1117838570 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.363779 RAS KERNEL INFO instruction cache parity error corrected",
            "- 1117838573 R02-M1-N0-C:J12-U11 2005-06-03-15.42.53.276129 RAS KERNEL INFO 63543 double-hummer alignment exceptions",
            "APPREAD 1117869872 R23-M0-NE-C:J05-U01 2005-06-04-00.24.32.432192 RAS APP FATAL ciod: failed to read message prefix on control stream",
        ];

        var learned = AssertLearned(lines, "<Column1> <Timestamp> <Column3> <Date> <Column5> <Column6> <Level> <Content>", "63543 double-hummer alignment exceptions");
        Assert.Equal(Severity.Fatal, learned.Read(lines[2], DateTimeOffset.UnixEpoch)!.Level);
    }

    [Theory]
    [InlineData("added 3 members to the pool", "faced 4 retries on shard 2", "decade 1 rollover done")]
    [InlineData("-x enabled for worker 2", "-x enabled for worker 7", "-y enabled for worker 9")]
    public void Words_of_hex_letters_alone_and_dashed_flags_after_a_time_are_content(string first, string second, string third)
    {
        string[] lines = [.. new[] { first, second, third }.Select((message, i) => $"2026-12-02 10:00:0{i} {message}")];

        var learned = ColumnHeader.Learn(lines);

        Assert.Equal("<Date> <Time> <Content>", learned?.Format.Layout);
    }

    [Theory]
    [InlineData("Connection 12 closed by peer", "Connection 14 closed by peer", "Connection 19 reset by peer")]
    [InlineData("user alice logged in", "user bob logged in", "user carol logged out")]
    [InlineData("3 workers started", "4 workers started", "9 workers stopped")]
    public void Regular_columns_without_a_time_are_content(string first, string second, string third)
    {
        Assert.Null(ColumnHeader.Learn([first, second, third]));
        Assert.Same(HeaderFormat.WholeLine, HeaderDetector.Detect([first, second, third]).Format);
    }

    [Fact]
    public void A_learned_layout_is_found_again_by_its_spelling_and_no_other_spelling_is_taken_for_one()
    {
        var layout = "<Column1> <Timestamp> <Level> <Content>";

        Assert.Same(HeaderCatalog.Find(layout), HeaderCatalog.Find(layout));
        // Learned, not a catalog layout: the catalog resolves its own spellings to its own instances.
        Assert.Same(ColumnHeader.Find(layout), HeaderCatalog.Find(layout));
        Assert.DoesNotContain(HeaderCatalog.Common, format => format.Layout == layout);
        Assert.Null(HeaderCatalog.Find("<Column1> <Secret> <Content>"));
        Assert.Same(HeaderCatalog.Common[0], HeaderCatalog.Find(HeaderCatalog.Common[0].Layout));
    }

    private static double Coverage(HeaderFormat format, IReadOnlyList<string> sample) =>
        (double)sample.Count(line => HeaderDetector.Explains(format, line)) / sample.Count(line => !string.IsNullOrWhiteSpace(line));

    /// <summary>
    /// Asserts that the header detected from <paramref name="lines"/> is <paramref name="layout"/>, found again by its
    /// spelling, that the second line's content is <paramref name="secondContent"/>, and that the third reads with
    /// <paramref name="thirdLevel"/> at <paramref name="thirdTimestamp"/>.
    /// </summary>
    private static void AssertDetected(string[] lines, string layout, string secondContent, Severity thirdLevel, DateTimeOffset thirdTimestamp)
    {
        var detected = HeaderDetector.Detect(lines).Format;

        Assert.Equal(layout, detected.Layout);
        Assert.Same(detected, HeaderCatalog.Find(detected.Layout));
        Assert.Equal(secondContent, detected.ContentOf(lines[1]));
        var read = detected.Read(lines[2], DateTimeOffset.UnixEpoch)!;
        Assert.Equal(thirdLevel, read.Level);
        Assert.Equal(thirdTimestamp, read.Timestamp);
    }

    /// <summary>Asserts that the layout learned from <paramref name="lines"/> is <paramref name="layout"/> and gives the second line <paramref name="secondContent"/>; returns it.</summary>
    private static HeaderFormat AssertLearned(string[] lines, string layout, string secondContent)
    {
        var learned = ColumnHeader.Learn(lines);

        Assert.Equal(layout, learned?.Format.Layout);
        Assert.Equal(secondContent, learned!.Format.ContentOf(lines[1]));
        return learned.Format;
    }
}
