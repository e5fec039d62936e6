using FaultMaven.Analysis.Anomaly.Streaming;
using static FaultMaven.Analysis.Tests.Anomaly.SyntheticEvents;

namespace FaultMaven.Analysis.Tests.Anomaly;

public class RareTemplateBurstDetectorTests
{
    private readonly RareTemplateBurstDetector detector = new(new RareTemplateBurstOptions(TimeSpan.FromMinutes(1), MinHistory: 500));

    [Fact]
    public void A_burst_of_a_rare_template_is_reported_when_its_window_closes()
    {
        var history = Steady(0, 10, 100);
        var burst = Enumerable.Range(0, 8).Select(i => At(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(i), 7));
        var findings = detector.Feed([.. history, .. burst, At(TimeSpan.FromMinutes(11), 1)]);

        var finding = Assert.Single(findings);
        Assert.Equal(RareTemplateBurstDetector.Kind, finding.Kind);
        Assert.Equal(8, finding.Count);
        Assert.Equal(SyntheticEvents.Start + TimeSpan.FromMinutes(10), finding.WindowStart);
        Assert.Equal(8, finding.Evidence.Count);
    }

    [Fact]
    public void A_few_occurrences_of_a_rare_template_are_not_a_burst()
    {
        var findings = detector.Feed([.. Steady(0, 10, 100), At(TimeSpan.FromMinutes(10), 7), At(TimeSpan.FromMinutes(11), 1)]);

        Assert.Empty(findings);
    }

    [Fact]
    public void Nothing_is_rare_before_the_source_has_enough_history()
    {
        var burst = Enumerable.Range(0, 8).Select(i => At(TimeSpan.FromSeconds(i), 7));

        Assert.Empty(detector.Feed([.. burst, .. Steady(1, 3, 10)]));
    }
}
