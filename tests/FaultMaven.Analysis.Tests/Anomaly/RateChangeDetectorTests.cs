using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Contracts;
using static FaultMaven.Analysis.Tests.Anomaly.SyntheticEvents;

namespace FaultMaven.Analysis.Tests.Anomaly;

public class RateChangeDetectorTests
{
    private readonly RateChangeDetector detector = new(new RateChangeOptions(TimeSpan.FromMinutes(1)));

    [Fact]
    public void A_steady_stream_raises_nothing()
    {
        Assert.Empty(detector.Feed(Steady(0, 60, 20)));
    }

    [Fact]
    public void An_error_spike_is_reported_as_an_error_count_rise()
    {
        var errors = Enumerable.Range(0, 40).Select(i => At(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(i), 9, Severity.Error));
        var findings = detector.Feed([.. Steady(0, 30, 20), .. errors, .. Steady(30, 32, 20)]);

        var errorFinding = Assert.Single(findings, finding => finding.Title.StartsWith("Error count", StringComparison.Ordinal));
        Assert.Equal(Severity.Error, errorFinding.Severity);
        Assert.Equal(40, errorFinding.Count);
        Assert.Equal(SyntheticEvents.Start + TimeSpan.FromMinutes(30), errorFinding.WindowStart);
    }

    [Fact]
    public void A_volume_drop_is_reported()
    {
        var findings = detector.Feed([.. Steady(0, 30, 50), .. Steady(30, 31, 5), .. Steady(31, 32, 50)]);

        Assert.Contains(findings, finding => finding.Title.StartsWith("Log volume", StringComparison.Ordinal) && finding.Title.Contains("fell", StringComparison.Ordinal));
    }

    [Fact]
    public void After_two_weeks_each_hour_of_the_week_has_its_own_baseline()
    {
        var hourly = new RateChangeDetector(new RateChangeOptions(TimeSpan.FromHours(1)));
        var weeks = Enumerable.Range(0, 24 * 21).SelectMany(hour =>
            Enumerable.Range(0, hour % 24 == 9 ? 200 : 20).Select(i => At(TimeSpan.FromHours(hour) + TimeSpan.FromSeconds(i), 1)));

        var findings = hourly.Feed(weeks);

        Assert.DoesNotContain(findings, finding => finding.WindowStart >= SyntheticEvents.Start + TimeSpan.FromDays(15));
    }
}
