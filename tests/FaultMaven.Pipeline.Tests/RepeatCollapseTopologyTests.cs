using System.Globalization;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Filtering;
using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Tests;

public class RepeatCollapseTopologyTests
{
    private static readonly DateTime Start = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Identical_errors_within_the_window_become_one_event_that_still_counts_as_all_of_them_in_a_burst()
    {
        using var pipeline = new PipelineDriver(new ErrorBurstOptions { Threshold = 5 });

        SendRepeats(pipeline, "orders", "ERROR database unreachable", Start, count: 6, apart: TimeSpan.FromSeconds(1));

        var collapsed = Assert.Single(pipeline.ReadNormalized());
        Assert.Equal("6", collapsed.Attributes[AttributeKeys.Repeat]);
        Assert.Equal(new DateTimeOffset(Start.AddSeconds(5)).ToString("O"), collapsed.Attributes[AttributeKeys.LastSeen]);
        var burst = Assert.Single(pipeline.ReadFindings(), f => f.Kind == ErrorBurstOptions.Kind);
        Assert.Equal(6, burst.Count);
    }

    [Fact]
    public void Different_messages_are_not_collapsed()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("orders", "2026-11-25T12:00:00Z ERROR database unreachable", Start);
        pipeline.Send("orders", "2026-11-25T12:00:01Z ERROR cache unreachable", Start.AddSeconds(1));
        pipeline.Send("orders", "2026-11-25T12:00:02Z ERROR database unreachable", Start.AddSeconds(2));

        var events = pipeline.ReadNormalized();
        Assert.Equal(["database unreachable", "cache unreachable", "database unreachable"], events.Select(e => e.Message));
        Assert.All(events, e => Assert.False(e.Attributes.ContainsKey(AttributeKeys.Repeat)));
    }

    [Fact]
    public void Repeats_beyond_the_window_start_a_new_event()
    {
        using var pipeline = new PipelineDriver(filter: new FilterOptions { RepeatWindow = TimeSpan.FromSeconds(10) });

        SendRepeats(pipeline, "orders", "WARN retrying", Start, count: 4, apart: TimeSpan.FromSeconds(6));

        var events = pipeline.ReadNormalized();
        Assert.Equal(["2", "2"], events.Select(e => e.Attributes[AttributeKeys.Repeat]));
        Assert.Equal([new DateTimeOffset(Start), new DateTimeOffset(Start.AddSeconds(12))], events.Select(e => e.Timestamp));
    }

    [Fact]
    public void A_source_that_keeps_repeating_stays_one_held_event_until_it_goes_quiet()
    {
        var window = TimeSpan.FromSeconds(10);
        using var pipeline = new PipelineDriver(filter: new FilterOptions { RepeatWindow = window });

        // One repeat per second of wall clock for 8 s: never idle for the normalizer's 2 s nor the 5 s quiet time.
        var released = new List<LogEvent>();
        for (var i = 0; i < 8; i++)
        {
            var at = Start.AddSeconds(i);
            pipeline.Send("orders", $"{at:yyyy-MM-ddTHH:mm:ssZ} ERROR database unreachable", at);
            released.AddRange(AdvanceBySeconds(pipeline, 1));
        }

        Assert.Empty(released);
        released.AddRange(AdvanceBySeconds(pipeline, 6));
        Assert.Equal("8", Assert.Single(released).Attributes[AttributeKeys.Repeat]);
    }

    [Fact]
    public void The_held_event_of_a_source_that_went_quiet_is_released_when_the_normalizer_hands_over_its_last_line()
    {
        // Window and quiet time of 5 minutes: only the normalizer's idle flush (2 s, checked once a second) can release it.
        var minutes = TimeSpan.FromMinutes(5);
        using var pipeline = new PipelineDriver(filter: new FilterOptions { RepeatWindow = minutes, RepeatQuietAfter = minutes });

        SendRepeats(pipeline, "orders", "ERROR database unreachable", Start, count: 3, apart: TimeSpan.FromSeconds(1));
        var whileStillArriving = AdvanceBySeconds(pipeline, 1);
        var released = AdvanceBySeconds(pipeline, 3);

        Assert.Empty(whileStillArriving);
        Assert.Equal("3", Assert.Single(released).Attributes[AttributeKeys.Repeat]);
    }

    [Theory]
    [InlineData("-00:00:01", "00:00:02", "FaultMaven:Filtering:RepeatWindow")]
    [InlineData("00:00:10", "00:00:00", "FaultMaven:Filtering:RepeatQuietAfter")]
    public void Invalid_repeat_settings_are_refused_naming_their_key(string window, string quietAfter, string key)
    {
        var options = new FilterOptions { RepeatWindow = TimeSpan.Parse(window, CultureInfo.InvariantCulture), RepeatQuietAfter = TimeSpan.Parse(quietAfter, CultureInfo.InvariantCulture) };

        Assert.StartsWith(key, Assert.Single(options.Validate(FilterOptions.Section)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_window_turns_collapsing_off()
    {
        using var pipeline = new PipelineDriver(filter: new FilterOptions { RepeatWindow = TimeSpan.Zero });

        SendRepeats(pipeline, "orders", "ERROR database unreachable", Start, count: 3, apart: TimeSpan.Zero);

        var events = pipeline.ReadNormalized();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.False(e.Attributes.ContainsKey(AttributeKeys.Repeat)));
    }

    [Fact]
    public void Live_detectors_count_a_collapsed_event_as_all_of_its_repeats()
    {
        // One collapsed event per minute is chatty enough for the silence detector (10 per window) only if its repeats count.
        // Recent event times keep the wall-clock punctuation from closing years of empty windows.
        var window = TimeSpan.FromMinutes(1);
        var start = DateTime.UnixEpoch.AddMinutes(Math.Floor((DateTime.UtcNow - DateTime.UnixEpoch).TotalMinutes) - 30);
        using var pipeline = new PipelineDriver(live: new LiveAnalysisOptions { SilenceWindow = window });

        for (var minute = 0; minute < 12; minute++)
        {
            SendRepeats(pipeline, "orders", "INFO heartbeat", start + (window * minute), count: 12, apart: TimeSpan.Zero);
        }

        var silence = pipeline.ReadFindings().Where(f => f.Kind == SilenceDetector.Kind).ToList();
        Assert.NotEmpty(silence);
        Assert.Single(silence.Select(f => f.Id).Distinct());
        Assert.All(silence, f => Assert.Equal(12, f.Baseline!.Value, precision: 6));
    }

    private static List<LogEvent> AdvanceBySeconds(PipelineDriver pipeline, int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            pipeline.AdvanceWallClock(TimeSpan.FromSeconds(1));
        }

        return pipeline.Normalized.ReadValueList().SelectMany(batch => batch.Events).ToList();
    }

    private static void SendRepeats(PipelineDriver pipeline, string source, string line, DateTime from, int count, TimeSpan apart)
    {
        for (var i = 0; i < count; i++)
        {
            var at = from + (apart * i);
            pipeline.Send(source, $"{at:yyyy-MM-ddTHH:mm:ssZ} {line}", at);
        }
    }
}
