using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Tests.Normalization;
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
    public void Two_templates_whose_findings_read_the_same_are_reported_once()
    {
        // The same exception above a stack and without one: two templates, one message to a reader.
        var withStack = new FaultMaven.Analysis.Anomaly.TemplatedEvent(
            At(TimeSpan.Zero, 7, Severity.Error).Event, 7, "Request failed\njava.lang.OutOfMemoryError: Java heap space\n\tat c.e.Loader.load(Loader.java:<*>)");
        var alone = new FaultMaven.Analysis.Anomaly.TemplatedEvent(At(TimeSpan.FromSeconds(1), 8, Severity.Error).Event, 8, "Request failed\njava.lang.OutOfMemoryError: Java heap space");

        var finding = Assert.Single(detector.Feed([withStack, alone]));

        Assert.Equal("New ERROR message: OutOfMemoryError in checkout (java.lang)", finding.Title);
        Assert.Equal(withStack.Template, Assert.Single(finding.Templates));
    }

    [Fact]
    public void The_live_analysis_reports_an_exception_logged_with_and_without_its_stack_once()
    {
        var log = "2026-12-01T11:05:31Z ERROR Request failed\njava.lang.OutOfMemoryError: Java heap space\n\tat c.e.Loader.load(Loader.java:88)\n"
            + "2026-12-01T11:05:32Z ERROR Request failed\njava.lang.OutOfMemoryError: Java heap space\n";
        var analysis = new LiveAnalysis(new LiveAnalysisOptions());

        var findings = new LogNormalizer().Normalize(Records.Of(log)).Events.SelectMany(logEvent => analysis.Analyze(logEvent).Findings).ToList();

        Assert.Equal("New ERROR message: OutOfMemoryError (java.lang)", Assert.Single(findings, finding => finding.Kind == NewTemplateDetector.Kind).Title);
    }

    [Fact]
    public void Drafts_of_two_templates_that_merged_after_both_were_seen_are_one_finding_by_their_final_text()
    {
        // Told apart when each was first seen (customer=acme, customer=globex), then merged into customer=<*>.
        var drafts = new[] { At(TimeSpan.Zero, 2, Severity.Error), At(TimeSpan.FromSeconds(1), 3, Severity.Error) }.SelectMany(detector.Draft).ToList();

        var findings = drafts.Select(draft => draft(_ => "invoice total mismatch: expected <*> got <*> customer=<*>")).ToList();

        Assert.Equal(2, findings.Count);
        Assert.Single(findings.Select(finding => finding.Id).Distinct());
    }

    [Fact]
    public void A_detector_that_forgot_what_it_reported_gives_the_finding_its_first_id_again()
    {
        // A restarted worker's detector sees every template anew; the store keeps one finding per id.
        var first = Assert.Single(new NewTemplateDetector(new NewTemplateOptions(TimeSpan.FromMinutes(10))).Feed([At(TimeSpan.Zero, 2, Severity.Error)]));
        var later = Assert.Single(new NewTemplateDetector(new NewTemplateOptions(TimeSpan.FromMinutes(10))).Feed([At(TimeSpan.FromHours(5), 2, Severity.Error)]));

        Assert.Equal(first.Id, later.Id);
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
