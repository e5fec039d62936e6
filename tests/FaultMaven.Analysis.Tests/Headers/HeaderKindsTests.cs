using FaultMaven.Analysis.Masking;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Tests.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>
/// A source of each header kind, streamed line by line into the live normalizer: it learns the layout from the first lines
/// and every event gets the level, timestamp and message its header gives (lines written here in each format's shape).
/// </summary>
public sealed class HeaderKindsTests
{
    private static readonly LogNormalizer Normalizer = new(new NormalizerOptions { Masking = MaskingOptions.None });

    public static TheoryData<string, string[], Expected[]> Kinds => new()
    {
        {
            "HDFS",
            [
                "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
                "081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating",
                "081109 204005 35 WARN dfs.DataNode$DataXceiver: Got exception while serving blk_-2918118818249673980",
                "081111 101621 24902 ERROR dfs.DataNode: block blk_3 is corrupt",
            ],
            [
                new("2008-11-09T20:36:15Z", Severity.Info, "PacketResponder 1 for block blk_38865049064139660 terminating"),
                new("2008-11-09T20:38:07Z", Severity.Info, "PacketResponder 0 for block blk_-6952295868487656571 terminating"),
                new("2008-11-09T20:40:05Z", Severity.Warn, "Got exception while serving blk_-2918118818249673980"),
                new("2008-11-11T10:16:21Z", Severity.Error, "block blk_3 is corrupt"),
            ]
        },
        {
            "Hadoop",
            [
                "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001",
                "2015-10-18 18:01:52,060 INFO [AsyncDispatcher event handler] org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl: Adding job token for job_1445144423722_0020",
                "2015-10-18 18:10:56,592 WARN [LeaseRenewer:msrabi@msra-sa-41:9000] org.apache.hadoop.hdfs.LeaseRenewer: Failed to renew lease for 30 seconds.  Will retry shortly ...",
            ],
            [
                new("2015-10-18T18:01:47.978Z", Severity.Info, "Created MRAppMaster for application appattempt_1445144423722_0020_000001"),
                new("2015-10-18T18:01:52.06Z", Severity.Info, "Adding job token for job_1445144423722_0020"),
                new("2015-10-18T18:10:56.592Z", Severity.Warn, "Failed to renew lease for 30 seconds.  Will retry shortly ..."),
            ]
        },
        {
            "BGL",
            [
                "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
                "KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt",
                "- 1117869872 2005.06.04 R23-M1-N8-I:J18-U11 2005-06-04-00.24.32.432192 R23-M1-N8-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix on control stream",
            ],
            [
                new("2005-06-03T22:42:50Z", Severity.Info, "instruction cache parity error corrected"),
                new("2005-06-12T00:32:07Z", Severity.Fatal, "data TLB error interrupt"),
                new("2005-06-04T07:24:32Z", Severity.Fatal, "ciod: failed to read message prefix on control stream"),
            ]
        },
        {
            // No catalog layout: the header is learned from the columns (ColumnHeader), the clock from the epoch column.
            "cluster events (learned columns)",
            [
                "40112 rack3-n17 fabric.link link_state.down 1387311204 1 Link eth2 on switch sw-4 went down (port=11)",
                "40113 rack3-n17 fabric.link link_state.up 1387311266 1 Link eth2 on switch sw-4 came up (port=11)",
                "40187 rack1-n02 node.boot boot_command 1387312001 1 boot (command 2281) succeeded",
            ],
            [
                new("2013-12-17T20:13:24Z", Severity.Unknown, "Link eth2 on switch sw-4 went down (port=11)"),
                new("2013-12-17T20:14:26Z", Severity.Unknown, "Link eth2 on switch sw-4 came up (port=11)"),
                new("2013-12-17T20:26:41Z", Severity.Unknown, "boot (command 2281) succeeded"),
            ]
        },
        {
            "Spark",
            [
                "17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]",
                "17/06/09 20:10:41 WARN util.NativeCodeLoader: Unable to load native-hadoop library for your platform",
                "17/06/09 20:11:11 ERROR executor.Executor: Exception in task 0.0 in stage 1.0 (TID 4)",
            ],
            [
                new("2017-06-09T20:10:40Z", Severity.Info, "Registered signal handlers for [TERM, HUP, INT]"),
                new("2017-06-09T20:10:41Z", Severity.Warn, "Unable to load native-hadoop library for your platform"),
                new("2017-06-09T20:11:11Z", Severity.Error, "Exception in task 0.0 in stage 1.0 (TID 4)"),
            ]
        },
        {
            "Zookeeper",
            [
                "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200",
                "2015-07-29 19:04:12,394 - WARN  [RecvWorker:188978561024:QuorumCnxManager$RecvWorker@765] - Interrupting SendWorker",
                "2015-07-29 19:52:06,901 - ERROR [LearnerHandler-/10.10.34.13:42241:LearnerHandler@562] - Unexpected exception causing shutdown while sock still open",
            ],
            [
                new("2015-07-29T17:41:44.747Z", Severity.Info, "Notification time out: 3200"),
                new("2015-07-29T19:04:12.394Z", Severity.Warn, "Interrupting SendWorker"),
                new("2015-07-29T19:52:06.901Z", Severity.Error, "Unexpected exception causing shutdown while sock still open"),
            ]
        },
        {
            "Linux syslog file",
            [
                "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4",
                "Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown",
                "Dec 30 23:59:58 combo su(pam_unix)[2228]: session opened for user news by (uid=0)",
            ],
            [
                new("2023-06-14T15:16:01Z", Severity.Unknown, "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4"),
                new("2023-06-14T15:16:02Z", Severity.Unknown, "check pass; user unknown"),
                new("2023-12-30T23:59:58Z", Severity.Unknown, "session opened for user news by (uid=0)"),
            ]
        },
        {
            "OpenStack",
            [
                "2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fdadf51e3e4e1f9d2c2e2c2c2e2e2e - - -] 10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829",
                "2017-05-16 00:00:04.500 25743 INFO nova.compute.manager [-] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)",
                "2017-05-16 00:00:10.285 25743 WARNING nova.compute.manager [req-addc1839-2ed5-4778-b57e-5854eb7b8b09 - - - - -] While synchronizing instance power states, found 1 instances in the database",
            ],
            [
                new("2017-05-16T00:00:00.008Z", Severity.Info, "10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829"),
                new("2017-05-16T00:00:04.5Z", Severity.Info, "[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)"),
                new("2017-05-16T00:00:10.285Z", Severity.Warn, "While synchronizing instance power states, found 1 instances in the database"),
            ]
        },
        {
            "Thunderbird",
            [
                "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root",
                "- 1131566479 2005.11.09 tbird-admin1 Nov 9 12:01:19 local@tbird-admin1 postfix/postdrop[10896]: warning: unable to look up public/pickup: No such file or directory",
            ],
            [
                new("2005-11-09T20:01:01Z", Severity.Unknown, "session closed for user root"),
                new("2005-11-09T20:01:19Z", Severity.Unknown, "warning: unable to look up public/pickup: No such file or directory"),
            ]
        },
        {
            "Android",
            [
                "03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63}",
                "03-17 16:13:38.819  1702  8671 E PowerManagerService: release lock failed",
            ],
            [
                new("2023-03-17T16:13:38.811Z", Severity.Debug, "printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63}"),
                new("2023-03-17T16:13:38.819Z", Severity.Error, "release lock failed"),
            ]
        },
        {
            "Apache error log",
            [
                "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
                "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6",
            ],
            [
                new("2005-12-04T04:47:44Z", Severity.Info, "workerEnv.init() ok /etc/httpd/conf/workers2.properties"),
                new("2005-12-04T04:47:44Z", Severity.Error, "mod_jk child workerEnv in error state 6"),
            ]
        },
        {
            "Windows CBS",
            [
                "2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\cbscore.dll",
                "2016-09-28 04:30:31, Error                 CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize failed",
            ],
            [
                new("2016-09-28T04:30:30Z", Severity.Info, "Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\cbscore.dll"),
                new("2016-09-28T04:30:31Z", Severity.Error, "00000001@2016/9/27:20:30:31.455 WcpInitialize failed"),
            ]
        },
        {
            "HealthApp",
            [
                "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579",
                "20171223-22:15:29:615|Step_LSC|30002312|onExtend:1514038530000 14 0 4",
            ],
            [
                new("2017-12-23T22:15:29.606Z", Severity.Unknown, "onStandStepChanged 3579"),
                new("2017-12-23T22:15:29.615Z", Severity.Unknown, "onExtend:1514038530000 14 0 4"),
            ]
        },
        {
            "Proxifier",
            [
                "[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
                "[10.30 16:49:07] chrome.exe - proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01",
            ],
            [
                new("2023-10-30T16:49:06Z", Severity.Unknown, "proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS"),
                new("2023-10-30T16:49:07Z", Severity.Unknown, "proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01"),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_line_of_a_source_gets_the_level_timestamp_and_message_its_header_gives(string kind, string[] lines, Expected[] expected)
    {
        var events = StreamLineByLine(lines);

        Assert.True(events.Count == expected.Length, $"{kind}: {events.Count} events for {lines.Length} lines: {string.Join(" | ", events.Select(e => e.Message))}");
        for (var i = 0; i < expected.Length; i++)
        {
            var actual = new Expected(events[i].Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture), events[i].Level, events[i].Message);
            Assert.True(expected[i] == actual, $"{kind} line {i}: expected {expected[i]}, got {actual} ({events[i].Attributes[AttributeKeys.Format]})");
            Assert.Equal("header", events[i].Attributes[AttributeKeys.Format]);
        }
    }

    [Fact]
    public void The_other_header_fields_of_a_java_layout_become_attributes()
    {
        var logEvent = Assert.Single(StreamLineByLine("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating"));

        Assert.Equal("148", logEvent.Attributes["pid"]);
        Assert.Equal("dfs.DataNode$PacketResponder", logEvent.Attributes["component"]);
        Assert.Null(logEvent.Host);
        Assert.Null(logEvent.Service);
    }

    [Fact]
    public void A_syslog_file_line_gives_its_host_and_its_program_as_the_service()
    {
        var logEvent = Assert.Single(StreamLineByLine("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186"));

        Assert.Equal("LabSZ", logEvent.Host);
        Assert.Equal("sshd", logEvent.Service);
        Assert.Equal("24200", logEvent.Attributes["pid"]);
    }

    [Fact]
    public void A_bgl_node_is_the_host_and_a_dash_label_is_left_out()
    {
        var logEvent = Assert.Single(StreamLineByLine(
            "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected"));

        Assert.Equal("R02-M1-N0-C:J12-U11", logEvent.Host);
        Assert.Equal("KERNEL", logEvent.Service);
        Assert.False(logEvent.Attributes.ContainsKey("label"));
    }

    [Fact]
    public void A_stack_trace_under_a_hadoop_error_joins_the_error_event()
    {
        var events = StreamLineByLine(
            "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster",
            "2015-10-18 18:01:48,000 ERROR [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Error starting MRAppMaster",
            "java.lang.NullPointerException",
            "\tat org.apache.hadoop.mapreduce.v2.app.MRAppMaster.serviceInit(MRAppMaster.java:425)",
            "2015-10-18 18:01:49,000 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Exiting");

        Assert.Equal([Severity.Info, Severity.Error, Severity.Info], events.Select(e => e.Level));
        Assert.Equal("Error starting MRAppMaster\njava.lang.NullPointerException\n\tat org.apache.hadoop.mapreduce.v2.app.MRAppMaster.serviceInit(MRAppMaster.java:425)", events[1].Message);
        Assert.Equal("3", events[1].Attributes[AttributeKeys.Lines]);
    }

    /// <summary>Each line its own record, state serialized between records as the pipeline stores it; the last event flushed.</summary>
    internal static List<LogEvent> StreamLineByLine(params string[] lines)
    {
        var state = SourceState.Empty;
        var events = new List<LogEvent>();
        for (var i = 0; i < lines.Length; i++)
        {
            (var result, state) = Normalizer.Accept(Records.Of(lines[i], offset: i), SourceState.FromJson(state.ToJson()));
            events.AddRange(result.Events);
        }

        events.AddRange(Normalizer.Flush(state, DateTimeOffset.MaxValue).Result.Events);
        return events;
    }

    public sealed record Expected(string Timestamp, Severity Level, string Message);
}
