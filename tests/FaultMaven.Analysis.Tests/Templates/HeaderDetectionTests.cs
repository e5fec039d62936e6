using FaultMaven.Analysis.Headers;
using Xunit.Abstractions;

namespace FaultMaven.Analysis.Tests.Templates;

public sealed class HeaderDetectionTests(ITestOutputHelper output)
{
    // Mac's lines such as "sandboxd[129] ([31211]): ..." are explained by the syslog layout's optional sender context.
    private static readonly Dictionary<string, double> Floors = new()
    {
        ["HDFS"] = 0.999, ["Spark"] = 0.999, ["Thunderbird"] = 0.999, ["Android"] = 0.999,
        ["HealthApp"] = 0.999, ["Proxifier"] = 0.999, ["OpenSSH"] = 0.999, ["Mac"] = 0.999,
    };

    public static TheoryData<string> Datasets => [.. Loghub.Datasets];

    [Theory]
    [MemberData(nameof(Datasets))]
    public void The_detected_header_yields_the_content_the_ground_truth_calls_content(string dataset)
    {
        var header = Loghub.Result(dataset).Header;

        var share = Loghub.ContentShare(dataset, Loghub.RawLines(dataset), header);
        output.WriteLine($"{dataset}: {header.Layout} gives the ground-truth content on {share:P2} of lines");

        Assert.True(share >= Floors[dataset], $"{dataset}: {share:P1} with {header.Layout}");
    }

    [Fact]
    public void Lines_without_a_known_header_are_content_as_a_whole()
    {
        var detected = HeaderDetector.Detect(["just some words", "and some more words here"]);

        Assert.Equal(HeaderFormat.WholeLine, detected.Format);
    }

    /// <summary>
    /// A service that logs many stack traces: the frames, the indented lines and the exception's own line carry no header,
    /// so they do not count against the layout of the lines that start events (here more than half of all lines are frames).
    /// </summary>
    [Fact]
    public void Stack_traces_do_not_hide_the_header_of_the_lines_that_start_events()
    {
        var lines = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            lines.Add($"2026-11-28 14:02:{i:00},123 ERROR [main] com.example.Orders: payment failed for order {1000 + i}");
            lines.Add("java.lang.IllegalStateException: gateway timeout");
            lines.AddRange(["\tat com.example.Pay.call(Pay.java:41)", "\tat com.example.Orders.place(Orders.java:88)", "Caused by: java.net.SocketTimeoutException: Read timed out", "\t... 12 more"]);
        }

        var detected = HeaderDetector.Detect(lines);

        Assert.Equal(@"<Date> <Time> <Level> \[<Thread>\] <Component>: <Content>", detected.Format.Layout);
        Assert.Equal(1.0, detected.Coverage);
        Assert.Equal(HeaderFormat.WholeLine, HeaderDetector.Detect(lines, HeaderCatalog.Common).Format);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("")]
    public void A_relayed_device_line_leaves_the_devices_sequence_number_and_clock_in_the_header(string zone)
    {
        var clock = zone.Length == 0 ? "" : " " + zone;
        string[] lines =
        [
            $"Dec  2 10:00:00 acc-sw-12 062643: Dec  2 10:00:00.000{clock}: %LINK-3-UPDOWN: Interface Gi1/0/3, changed state to down",
            $"Dec  2 10:00:01 core-rtr-2 34667: *Mar  1 00:01:02.777{clock}: %SYS-5-CONFIG_I: Configured from console by admin",
            $"Dec  2 10:00:02 acc-sw-12 062644: Dec  2 10:00:02.795{clock}: %LINEPROTO-5-UPDOWN: Line protocol on Interface Gi1/0/3, changed state to down",
        ];

        var detected = HeaderDetector.Detect(lines);

        Assert.Equal(1.0, detected.Coverage);
        Assert.Equal("%SYS-5-CONFIG_I: Configured from console by admin", detected.Format.ContentOf(lines[1]));
        Assert.Equal("34667", detected.Format.FieldsOf(lines[1])!["Seq"]);
    }

    [Fact]
    public void A_syslog_program_named_by_digits_is_no_sequence_number_without_the_devices_clock()
    {
        var detected = HeaderDetector.Detect(["Dec  2 10:00:00 host 0612: started worker pool", "Dec  2 10:00:01 host 0612: stopped"]);

        Assert.Equal("started worker pool", detected.Format.ContentOf("Dec  2 10:00:00 host 0612: started worker pool"));
    }

    [Fact]
    public void A_more_specific_layout_wins_when_two_explain_every_line()
    {
        var detected = HeaderDetector.Detect(["081109 203615 148 INFO dfs.DataNode: Receiving block blk_1"]);

        Assert.Equal(["Date", "Time", "Pid", "Level", "Component", "Content"], detected.Format.Fields);
    }
}
