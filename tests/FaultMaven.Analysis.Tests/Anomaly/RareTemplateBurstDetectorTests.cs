using FaultMaven.Analysis.Anomaly;
using FaultMaven.Contracts;
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
        Assert.Equal(3, finding.Examples.Count);
    }

    [Fact]
    public void A_burst_of_rare_info_lines_is_info_and_one_of_error_like_lines_without_a_level_a_warning()
    {
        IEnumerable<TemplatedEvent> Burst(string source, Severity level, string message) =>
            Enumerable.Range(0, 8).Select(i => At(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(i), 7, level, source, message: message));

        var findings = detector.Feed(
        [
            .. Steady(0, 10, 100, source: "booting"), .. Steady(0, 10, 100, source: "sshd"),
            .. Burst("booting", Severity.Info, "registered datanode 7"), .. Burst("sshd", Severity.Unknown, "error: connect to 10.1.1.1 port 22 failed"),
            At(TimeSpan.FromMinutes(11), 1),
        ]);

        Assert.Equal(Severity.Info, Assert.Single(findings, finding => finding.Source == "booting").Severity);
        Assert.Equal(Severity.Warn, Assert.Single(findings, finding => finding.Source == "sshd").Severity);
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

    [Fact]
    public void Rare_templates_that_burst_in_one_window_of_one_source_are_one_finding_named_by_the_largest()
    {
        var history = Steady(0, 10, 100);
        var burst = Enumerable.Range(0, 6).Select(i => At(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(i), 7))
            .Concat(Enumerable.Range(0, 9).Select(i => At(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(10 + i), 8, Severity.Error)))
            .Concat(Enumerable.Range(0, 5).Select(i => At(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(20 + i), 9, source: "db.log")));
        var dbHistory = Steady(0, 10, 100, source: "db.log");

        var findings = detector.Feed([.. history, .. dbHistory, .. burst, At(TimeSpan.FromMinutes(11), 1)]);

        Assert.Equal(2, findings.Count);
        var app = Assert.Single(findings, finding => finding.Source == "app.log");
        Assert.Equal(15, app.Count);
        Assert.Equal(["template 8 <*>", "template 7 <*>"], app.Templates);
        Assert.Equal(Severity.Error, app.Severity);
        Assert.StartsWith("Rare messages burst from app.log: 2 kinds, 15 lines; most 9 × template 8", app.Title);
        Assert.Equal(15, app.Evidence.Count);
        Assert.Equal("Rare message burst from db.log: 5 × template 9 <*>", Assert.Single(findings, finding => finding.Source == "db.log").Title);
    }
}
