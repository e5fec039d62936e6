using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Detection;

public class ErrorBurstDetectorTests
{
    private static readonly DateTimeOffset WindowStart = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly ErrorBurstDetector detector = new(new ErrorBurstOptions { Threshold = 3, MaxEvidence = 2 });

    [Theory]
    [InlineData(Severity.Error, true)]
    [InlineData(Severity.Fatal, true)]
    [InlineData(Severity.Warn, false)]
    [InlineData(Severity.Unknown, false)]
    public void Only_error_and_fatal_events_count(Severity level, bool counts)
    {
        Assert.Equal(counts, ErrorBurstDetector.IsError(Event(level, "x", 0)));
    }

    [Fact]
    public void A_window_is_a_burst_from_the_threshold_on()
    {
        var window = Accumulate(2);
        Assert.False(detector.IsBurst(window));

        Assert.True(detector.IsBurst(detector.Add(window, Sample(Severity.Error, 3))));
    }

    [Fact]
    public void Evidence_is_capped_while_the_count_goes_on()
    {
        var window = Accumulate(5);

        Assert.Equal(5, window.Count);
        Assert.Equal(2, window.Samples.Count);
    }

    [Fact]
    public void A_collapsed_error_counts_as_all_of_its_repeats()
    {
        var collapsed = Event(Severity.Error, "failure", 0) with { Attributes = new Dictionary<string, string> { [AttributeKeys.Repeat] = "6" } };

        var window = detector.Add(Accumulate(1), ErrorSample.From(collapsed));

        Assert.Equal(7, window.Count);
        Assert.Equal(2, window.Samples.Count);
        Assert.Equal(7, detector.ToFinding("orders", WindowStart, window).Count);
    }

    [Fact]
    public void The_finding_takes_the_most_severe_level_and_the_samples_as_evidence()
    {
        var window = detector.Add(Accumulate(2), Sample(Severity.Fatal, 9));

        var finding = detector.ToFinding("orders", WindowStart, window);

        Assert.Equal(Severity.Fatal, finding.Severity);
        Assert.Equal(3, finding.Count);
        Assert.Equal(1.0, finding.Score);
        Assert.Equal(WindowStart + TimeSpan.FromMinutes(1), finding.WindowEnd);
        Assert.Equal([0L, 1L], finding.Evidence.Select(e => e.Offset));
        Assert.Contains("3 errors from orders", finding.Title);
    }

    [Fact]
    public void The_finding_id_depends_only_on_source_and_window()
    {
        var first = detector.ToFinding("orders", WindowStart, Accumulate(3));
        var later = detector.ToFinding("orders", WindowStart, Accumulate(5));

        Assert.Equal(first.Id, later.Id);
        Assert.NotEqual(first.Id, detector.ToFinding("billing", WindowStart, Accumulate(3)).Id);
        Assert.NotEqual(first.Id, detector.ToFinding("orders", WindowStart.AddMinutes(1), Accumulate(3)).Id);
    }

    [Fact]
    public void A_window_counts_each_raw_position_once_however_often_a_replay_hands_it_over()
    {
        var window = detector.AddUncounted(ErrorBurstWindow.Empty, Group(0, 1, 2));

        window = detector.AddUncounted(window, Group(1, 2, 3));
        window = detector.AddUncounted(window, Group(3));

        Assert.Equal(4, window.Count);
        Assert.Equal([0L, 1L], window.Samples.Select(s => s.Raw.Offset));
    }

    [Fact]
    public void A_replayed_collapsed_error_is_not_counted_again_and_a_later_line_of_the_same_record_is()
    {
        var collapsed = Event(Severity.Error, "failure", 4) with { Attributes = new Dictionary<string, string> { [AttributeKeys.Repeat] = "6" } };
        var later = Event(Severity.Error, "other failure", 4) with { Raw = new RawOffset(Topics.Raw, 0, 4, Index: 7) };
        var window = detector.AddUncounted(ErrorBurstWindow.Empty, new ErrorSampleGroup(WindowStart, [ErrorSample.From(collapsed)]));

        window = detector.AddUncounted(window, new ErrorSampleGroup(WindowStart, [ErrorSample.From(collapsed), ErrorSample.From(later)]));

        Assert.Equal(7, window.Count);
    }

    [Fact]
    public void Errors_from_another_raw_partition_are_judged_by_that_partitions_positions()
    {
        var elsewhere = Event(Severity.Error, "failure", 1) with { Raw = new RawOffset(Topics.Raw, 3, 1) };
        var window = detector.AddUncounted(ErrorBurstWindow.Empty, Group(5));

        window = detector.AddUncounted(window, new ErrorSampleGroup(WindowStart, [ErrorSample.From(elsewhere)]));
        window = detector.AddUncounted(window, Group(5));

        Assert.Equal(2, window.Count);
        Assert.Equal([(0, 5L), (3, 1L)], window.CountedThrough!.Select(raw => (raw.Partition, raw.Offset)));
    }

    [Fact]
    public void A_window_stored_before_it_kept_positions_counts_what_it_is_given()
    {
        var stored = new ErrorBurstWindow(3, Severity.Error, []);

        Assert.Equal(4, detector.AddUncounted(stored, Group(0)).Count);
    }

    [Fact]
    public void Invalid_options_are_reported_with_their_keys()
    {
        var failures = new ErrorBurstOptions { Threshold = 0, Window = TimeSpan.Zero }.Validate("FaultMaven:Detection:ErrorBurst").ToList();

        Assert.Contains(failures, f => f.StartsWith("FaultMaven:Detection:ErrorBurst:Threshold", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("FaultMaven:Detection:ErrorBurst:Window", StringComparison.Ordinal));
    }

    private ErrorBurstWindow Accumulate(int errors) =>
        Enumerable.Range(0, errors).Aggregate(ErrorBurstWindow.Empty, (window, i) => detector.Add(window, Sample(Severity.Error, i)));

    private static ErrorSampleGroup Group(params long[] offsets) => new(WindowStart, [.. offsets.Select(offset => Sample(Severity.Error, offset))]);

    private static ErrorSample Sample(Severity level, long offset) => ErrorSample.From(Event(level, $"failure {offset}", offset));

    private static LogEvent Event(Severity level, string message, long offset) =>
        new(WindowStart, "orders", "svc", null, level, message, new Dictionary<string, string>(), new RawOffset(Topics.Raw, 0, offset));
}
