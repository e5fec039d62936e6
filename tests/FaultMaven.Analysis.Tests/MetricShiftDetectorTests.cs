using FaultMaven.Analysis.Anomaly.Streaming;

namespace FaultMaven.Analysis.Tests;

public sealed class MetricShiftDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    [Fact]
    public void A_jump_of_the_error_rate_after_a_calm_baseline_is_one_finding_spanning_the_jump_with_its_query()
    {
        double[] values = [.. Enumerable.Repeat(0.01, 20), 0.4, 0.45, 0.42, .. Enumerable.Repeat(0.01, 5)];

        var finding = Assert.Single(Detect(values, Start));

        Assert.Equal(MetricShiftDetector.Kind, finding.Kind);
        Assert.Equal(Start + (20 * Step), finding.WindowStart);
        Assert.Equal(Start + (23 * Step), finding.WindowEnd);
        Assert.Equal(3, finding.Count);
        Assert.Equal("error-rate of checkout rose to 0.45 (baseline 0.01)", finding.Title);
        Assert.Equal("PromQL: q{service=\"checkout\"}", finding.Examples[0]);
    }

    [Fact]
    public void A_steady_or_gently_wobbling_gauge_raises_nothing()
    {
        double[] values = [.. Enumerable.Range(0, 60).Select(i => 1_000_000_000 + ((i % 3) * 20_000_000.0))];
        Assert.Empty(Detect(values, Start));
    }

    [Fact]
    public void Samples_before_the_report_start_only_teach_the_baseline()
    {
        double[] values = [.. Enumerable.Repeat(0.01, 12), 0.5, .. Enumerable.Repeat(0.01, 12)];
        Assert.Empty(Detect(values, Start + (13 * Step)));
        Assert.Single(Detect(values, Start));
    }

    [Fact]
    public void A_drop_is_reported_as_a_fall_and_nan_samples_are_skipped()
    {
        double[] values = [.. Enumerable.Repeat(100.0, 15), double.NaN, 2, 1];

        var finding = Assert.Single(Detect(values, Start));

        Assert.Equal("error-rate of checkout fell to 1 (baseline 100)", finding.Title);
        Assert.Equal(2, finding.Count);
    }

    private static IReadOnlyList<Contracts.Finding> Detect(double[] values, DateTimeOffset reportFrom) =>
        new MetricShiftDetector(new MetricShiftOptions()).Detect(
            new MetricSeries("checkout", "error-rate", "q{service=\"checkout\"}", "{}", Step, [.. values.Select((v, i) => new MetricSample(Start + (i * Step), v))]),
            reportFrom);
}
