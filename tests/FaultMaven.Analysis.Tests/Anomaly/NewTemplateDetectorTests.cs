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
    public void A_new_info_template_after_warm_up_is_not_a_signal()
    {
        Assert.Empty(detector.Feed([At(TimeSpan.Zero, 1), At(TimeSpan.FromMinutes(11), 3), At(TimeSpan.FromMinutes(12), 4, Severity.Unknown)]));
    }

    [Fact]
    public void A_new_template_of_unknown_level_with_error_words_after_warm_up_is_reported_once()
    {
        var findings = detector.Feed(
        [
            At(TimeSpan.Zero, 1, Severity.Unknown),
            At(TimeSpan.FromMinutes(11), 3, Severity.Unknown, message: "connect to 10.0.0.5 failed: connection refused"),
            At(TimeSpan.FromMinutes(12), 3, Severity.Unknown, message: "connect to 10.0.0.6 failed: connection refused"),
        ]);

        Assert.Equal(Severity.Warn, Assert.Single(findings).Severity);
    }

    [Fact]
    public void The_title_names_the_exception_in_words_and_stays_one_short_line()
    {
        var trace = "java.lang.OutOfMemoryError: Java heap space\n" + string.Concat(Enumerable.Repeat("\tat com.example.billing.Invoice.render(Invoice.java:<*>)\n", 40));
        var templated = new FaultMaven.Analysis.Anomaly.TemplatedEvent(At(TimeSpan.Zero, 9, Severity.Error, service: "billing").Event, 9, trace);

        var finding = Assert.Single(detector.Observe(templated));

        Assert.Equal("New ERROR message: OutOfMemoryError in billing (java.lang)", finding.Title);
        Assert.Equal([trace], finding.Templates);
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
