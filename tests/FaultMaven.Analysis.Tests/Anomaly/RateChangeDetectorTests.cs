using FaultMaven.Analysis.Anomaly;
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
    public void A_volume_rise_of_info_lines_is_info_and_a_rise_of_error_lines_is_error_so_only_the_errors_can_open_an_incident()
    {
        var quiet = detector.Feed([.. Steady(0, 30, 20), .. Steady(30, 31, 200), .. Steady(31, 32, 20)]);
        var errors = new RateChangeDetector(new RateChangeOptions(TimeSpan.FromMinutes(1))).Feed(
            [.. Steady(0, 30, 20), .. Enumerable.Range(0, 40).Select(i => At(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(i), 9, Severity.Error)), .. Steady(31, 32, 20)]);

        Assert.Equal(Severity.Info, Assert.Single(quiet, finding => finding.Title.StartsWith("Log volume", StringComparison.Ordinal)).Severity);
        Assert.All(quiet, finding => Assert.Equal(Severity.Info, finding.Severity));
        Assert.Equal(Severity.Info, Assert.Single(errors, finding => finding.Title.StartsWith("Log volume", StringComparison.Ordinal)).Severity);
        Assert.Equal(Severity.Error, Assert.Single(errors, finding => finding.Title.StartsWith("Error count", StringComparison.Ordinal)).Severity);
        Assert.Equal(Severity.Error, Assert.Single(errors, finding => finding.Title.StartsWith("Count of template 9", StringComparison.Ordinal)).Severity);
    }

    [Fact]
    public void A_rising_template_of_lines_without_a_level_is_a_warning_when_its_lines_read_like_errors()
    {
        IEnumerable<TemplatedEvent> Rise(int templateId, string message) =>
            Enumerable.Range(0, 40).Select(i => At(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(i), templateId, Severity.Unknown, message: message));

        var findings = detector.Feed(
            [.. Steady(0, 30, 20), .. Rise(7, "Failed password for root from 10.0.0.9 port 22 ssh2"), .. Rise(8, "Accepted publickey for deploy"), .. Steady(31, 32, 20)]);

        Assert.Equal(Severity.Warn, Assert.Single(findings, finding => finding.Title.StartsWith("Count of template 7", StringComparison.Ordinal)).Severity);
        Assert.Equal(Severity.Info, Assert.Single(findings, finding => finding.Title.StartsWith("Count of template 8", StringComparison.Ordinal)).Severity);
    }

    [Fact]
    public void A_volume_drop_is_reported()
    {
        var findings = detector.Feed([.. Steady(0, 30, 50), .. Steady(30, 31, 5), .. Steady(31, 32, 50)]);

        var drop = Assert.Single(findings, finding => finding.Title.StartsWith("Log volume", StringComparison.Ordinal) && finding.Title.Contains("fell", StringComparison.Ordinal));
        Assert.Equal(Severity.Info, drop.Severity);
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
