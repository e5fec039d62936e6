using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Contracts;
using static FaultMaven.Analysis.Tests.Anomaly.SyntheticEvents;

namespace FaultMaven.Analysis.Tests.Anomaly;

public class NewTemplateDetectorTests
{
    private readonly NewTemplateDetector detector = new(new NewTemplateOptions(TimeSpan.FromMinutes(10)));

    [Fact]
    public void New_info_templates_during_warm_up_are_not_reported()
    {
        Assert.Empty(detector.Feed([At(TimeSpan.Zero, 1), At(TimeSpan.FromMinutes(5), 2)]));
    }

    [Fact]
    public void A_new_error_template_is_reported_even_during_warm_up()
    {
        var finding = Assert.Single(detector.Feed([At(TimeSpan.Zero, 1), At(TimeSpan.FromMinutes(1), 2, Severity.Error)]));

        Assert.Equal(NewTemplateDetector.Kind, finding.Kind);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(["template 2 <*>"], finding.Templates);
    }

    [Fact]
    public void A_new_template_after_warm_up_is_reported_once()
    {
        var findings = detector.Feed([At(TimeSpan.Zero, 1), At(TimeSpan.FromMinutes(11), 3), At(TimeSpan.FromMinutes(12), 3)]);

        Assert.Equal(Severity.Info, Assert.Single(findings).Severity);
    }

    [Fact]
    public void Replaying_the_same_event_gives_the_same_finding_id()
    {
        var stream = new[] { At(TimeSpan.Zero, 1), At(TimeSpan.FromMinutes(1), 2, Severity.Warn) };

        var first = Assert.Single(new NewTemplateDetector(new NewTemplateOptions(TimeSpan.FromMinutes(10))).Feed(stream));
        var replay = Assert.Single(new NewTemplateDetector(new NewTemplateOptions(TimeSpan.FromMinutes(10))).Feed(stream));

        Assert.Equal(first.Id, replay.Id);
    }
}
