using FaultMaven.Analysis.Anomaly.Streaming;
using static FaultMaven.Analysis.Tests.Anomaly.SyntheticEvents;

namespace FaultMaven.Analysis.Tests.Anomaly;

public class SilenceDetectorTests
{
    private readonly SilenceDetector detector = new(new SilenceOptions(TimeSpan.FromMinutes(1)));

    [Fact]
    public void A_chatty_source_that_stops_is_reported_once_silent_long_enough()
    {
        detector.Feed(Steady(0, 20, 30));

        Assert.Empty(detector.AdvanceTo(SyntheticEvents.Start + TimeSpan.FromMinutes(22)));
        var finding = Assert.Single(detector.AdvanceTo(SyntheticEvents.Start + TimeSpan.FromMinutes(23)));
        Assert.Equal(SilenceDetector.Kind, finding.Kind);
        Assert.Equal(SyntheticEvents.Start + TimeSpan.FromMinutes(20), finding.WindowStart);
        Assert.NotEmpty(finding.Examples);
    }

    [Fact]
    public void A_longer_silence_updates_the_same_finding()
    {
        detector.Feed(Steady(0, 20, 30));

        var first = Assert.Single(detector.AdvanceTo(SyntheticEvents.Start + TimeSpan.FromMinutes(23)));
        var later = Assert.Single(detector.AdvanceTo(SyntheticEvents.Start + TimeSpan.FromMinutes(24)));

        Assert.Equal(first.Id, later.Id);
        Assert.True(later.WindowEnd > first.WindowEnd);
    }

    [Fact]
    public void A_quiet_source_is_not_reported_when_it_stops()
    {
        detector.Feed(Steady(0, 20, 2));

        Assert.Empty(detector.AdvanceTo(SyntheticEvents.Start + TimeSpan.FromMinutes(40)));
    }

    [Fact]
    public void Only_the_source_that_stopped_is_reported()
    {
        detector.Feed([.. Steady(0, 20, 30, source: "a.log"), .. Steady(0, 25, 30, source: "b.log")]);

        var finding = Assert.Single(detector.AdvanceTo(SyntheticEvents.Start + TimeSpan.FromMinutes(25)));
        Assert.Equal("a.log", finding.Source);
    }

    [Fact]
    public void A_clock_jump_of_years_judges_at_most_a_thousand_windows_and_goes_on_from_the_new_time()
    {
        detector.Feed(Steady(0, 20, 30));
        var years = SyntheticEvents.Start + TimeSpan.FromDays(18 * 365.25) + TimeSpan.FromSeconds(30);

        var atJump = detector.AdvanceTo(years);

        var lastJudged = SyntheticEvents.Start + TimeSpan.FromMinutes(19 + WindowedDetector.MaxWindowsJudgedPerAdvance);
        Assert.Equal(lastJudged, atJump[^1].WindowEnd);
        Assert.True(atJump.Count < WindowedDetector.MaxWindowsJudgedPerAdvance, $"{atJump.Count} findings");
        var next = Assert.Single(detector.AdvanceTo(years + TimeSpan.FromMinutes(1)));
        Assert.Equal(atJump[^1].Id, next.Id);
        Assert.Equal(years - TimeSpan.FromSeconds(30) + TimeSpan.FromMinutes(1), next.WindowEnd);
    }
}
