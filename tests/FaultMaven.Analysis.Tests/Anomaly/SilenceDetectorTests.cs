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
}
