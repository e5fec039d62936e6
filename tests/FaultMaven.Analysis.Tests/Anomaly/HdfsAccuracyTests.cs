using System.Text.RegularExpressions;
using FaultMaven.Analysis.Anomaly.Sessions;
using FaultMaven.Analysis.Headers;
using Xunit.Abstractions;

namespace FaultMaven.Analysis.Tests.Anomaly;

/// <summary>The only place the HDFS labels are read: scoring what <c>fm detect</c> finds without them.</summary>
public class HdfsAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void Label_free_detection_on_hdfs_blocks_reaches_the_measured_f1()
    {
        var lines = TestData.ReadGzipLines("hdfs", "HDFS.log.gz");
        var labels = BlockLevelScore.ReadLabels(TestData.Path("hdfs", "anomaly_label.csv"));

        var result = SessionDetection.Detect(
            lines,
            HeaderFormat.Parse("<Date> <Time> <Pid> <Level> <Component>: <Content>"),
            new Regex(@"blk_-?\d+"),
            "HDFS.log");
        var score = BlockLevelScore.Of(labels, result.Anomalies.Select(anomaly => anomaly.Key));

        output.WriteLine($"{score} precision {score.Precision:F4} recall {score.Recall:F4} F1 {score.F1:F4}; {result.TemplateCount} templates, {result.Model.Invariants.Count} invariants");
        Assert.True(score.F1 >= 0.63, $"F1 {score.F1:F4}");
        Assert.True(score.Precision >= 0.9, $"precision {score.Precision:F4}");
    }
}
