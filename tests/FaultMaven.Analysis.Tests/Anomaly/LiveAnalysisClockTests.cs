using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Live;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Anomaly;

/// <summary>
/// The live detectors' clock is the events' time, moved on by wall time only while no event arrives: a log written in
/// 2008 and read today is judged in 2008's windows, and its silence is noticed once as much wall time has passed.
/// </summary>
public class LiveAnalysisClockTests
{
    private static readonly DateTimeOffset Written = new(2008, 11, 9, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Read = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly LiveAnalysis analysis = new(new LiveAnalysisOptions());

    [Fact]
    public void An_old_log_read_now_goes_silent_in_its_own_time_after_the_wall_time_of_the_silence()
    {
        var lastEvent = Feed(minutes: 60, perMinute: 30);

        Assert.Empty(analysis.Tick(Read));
        Assert.DoesNotContain(analysis.Tick(Read + TimeSpan.FromMinutes(5)), finding => finding.Kind == SilenceDetector.Kind);
        var silence = Assert.Single(analysis.Tick(Read + TimeSpan.FromMinutes(20)), finding => finding.Kind == SilenceDetector.Kind);

        Assert.Equal(Written + TimeSpan.FromMinutes(60), silence.WindowStart);
        Assert.InRange(silence.WindowEnd, lastEvent + TimeSpan.FromMinutes(15), lastEvent + TimeSpan.FromMinutes(25));
    }

    [Fact]
    public void Ticks_while_events_arrive_do_not_move_the_clock()
    {
        Feed(minutes: 60, perMinute: 30);
        analysis.Tick(Read);

        for (var tick = 1; tick <= 10; tick++)
        {
            Feed(minutes: 1, perMinute: 30, from: 60 + tick);
            Assert.Empty(analysis.Tick(Read + TimeSpan.FromMinutes(10 * tick)));
        }
    }

    [Fact]
    public void No_tick_moves_the_clock_before_the_first_event()
    {
        Assert.Empty(analysis.Tick(Read));
        Assert.Empty(analysis.Tick(Read + TimeSpan.FromDays(1)));
    }

    /// <returns>The time of the last event fed.</returns>
    private DateTimeOffset Feed(int minutes, int perMinute, int from = 0)
    {
        var time = Written;
        for (var minute = from; minute < from + minutes; minute++)
        {
            for (var i = 0; i < perMinute; i++)
            {
                time = Written + TimeSpan.FromMinutes(minute) + TimeSpan.FromSeconds(i * 60.0 / perMinute);
                analysis.Analyze(new LogEvent(
                    time, "hdfs.log", "datanode", null, Severity.Info, $"Receiving block blk_{minute}{i} src: /10.250.19.102:54106",
                    new Dictionary<string, string>(), new RawOffset("logs.raw", 0, (minute * perMinute) + i)));
            }
        }

        return time;
    }
}
