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

    [Fact]
    public void A_more_specific_layout_wins_when_two_explain_every_line()
    {
        var detected = HeaderDetector.Detect(["081109 203615 148 INFO dfs.DataNode: Receiving block blk_1"]);

        Assert.Equal(["Date", "Time", "Pid", "Level", "Component", "Content"], detected.Format.Fields);
    }
}
