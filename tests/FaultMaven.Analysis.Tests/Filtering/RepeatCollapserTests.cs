using FaultMaven.Analysis.Filtering;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Filtering;

public sealed class RepeatCollapserTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly RepeatCollapser collapser = new(TimeSpan.FromSeconds(10));

    private static LogEvent Event(string message, double seconds, long offset) =>
        new(Start.AddSeconds(seconds), "app", "api", "web-1", Severity.Error, message, new Dictionary<string, string>(), new RawOffset(Topics.Raw, 0, offset));

    private List<LogEvent> Run(IEnumerable<LogEvent> events, ref RepeatState state)
    {
        var emitted = new List<LogEvent>();
        foreach (var logEvent in events)
        {
            (var output, state) = collapser.Accept(logEvent, state, now: logEvent.Timestamp);
            emitted.AddRange(output);
        }

        return emitted;
    }

    [Fact]
    public void Exact_repeats_within_the_window_become_one_event_with_their_count()
    {
        var state = RepeatState.Empty;
        var emitted = Run([Event("timeout", 0, 1), Event("timeout", 1, 2), Event("timeout", 2.5, 3), Event("recovered", 3, 4)], ref state);

        var collapsed = Assert.Single(emitted);
        Assert.Equal("3", collapsed.Attributes[AttributeKeys.Repeat]);
        Assert.Equal(Start.AddSeconds(2.5).ToString("O"), collapsed.Attributes[AttributeKeys.LastSeen]);
        Assert.Equal(1, collapsed.Raw.Offset);
        Assert.Equal("recovered", state.Held!.Message);
    }

    [Fact]
    public void Lines_with_the_same_message_but_other_fields_are_not_repeats_and_keep_their_fields()
    {
        var state = RepeatState.Empty;
        var first = Event("request failed", 0, 1) with { Attributes = new Dictionary<string, string> { ["request_id"] = "a1", ["status"] = "502" } };
        var second = Event("request failed", 1, 2) with { Attributes = new Dictionary<string, string> { ["request_id"] = "b2", ["status"] = "502" } };
        var same = Event("request failed", 2, 3) with { Attributes = new Dictionary<string, string> { ["status"] = "502", ["request_id"] = "b2" } };

        var emitted = Run([first, second, same], ref state);

        Assert.Equal("a1", Assert.Single(emitted).Attributes["request_id"]);
        Assert.Equal(2, state.Count);
        Assert.Equal("b2", state.Held!.Attributes["request_id"]);
    }

    [Fact]
    public void A_repeat_outside_the_window_starts_a_new_event()
    {
        var state = RepeatState.Empty;
        var emitted = Run([Event("timeout", 0, 1), Event("timeout", 11, 2)], ref state);

        Assert.False(Assert.Single(emitted).Attributes.ContainsKey(AttributeKeys.Repeat));
        Assert.Equal(2, state.Held!.Raw.Offset);
    }

    [Fact]
    public void Flush_releases_the_held_event_once_its_window_has_passed_and_the_state_round_trips_as_json()
    {
        var state = RepeatState.Empty;
        Run([Event("timeout", 0, 1), Event("timeout", 1, 2)], ref state);
        state = RepeatState.FromJson(state.ToJson());

        var (early, _) = collapser.Flush(state, Start.AddSeconds(9));
        var (late, after) = collapser.Flush(state, Start.AddSeconds(10));

        Assert.Empty(early);
        Assert.Equal("2", Assert.Single(late).Attributes[AttributeKeys.Repeat]);
        Assert.Null(after.Held);
    }

    [Theory]
    [InlineData(-3600)]
    [InlineData(3600)]
    public void The_held_event_is_released_a_window_after_it_arrived_whatever_its_timestamp_says(double clockOffsetSeconds)
    {
        var arrival = Start.AddSeconds(clockOffsetSeconds);
        var (_, state) = collapser.Accept(Event("timeout", 0, 1), RepeatState.Empty, now: arrival);

        var (early, _) = collapser.Flush(state, arrival.AddSeconds(9));
        var (late, _) = collapser.Flush(state, arrival.AddSeconds(10));

        Assert.Empty(early);
        Assert.Equal(1, Assert.Single(late).Raw.Offset);
    }

    [Fact]
    public void A_source_quiet_for_the_quiet_time_has_its_event_released_before_the_window_and_each_repeat_restarts_the_quiet_time()
    {
        var quietCollapser = new RepeatCollapser(TimeSpan.FromSeconds(10), quietAfter: TimeSpan.FromSeconds(2));
        var (_, state) = quietCollapser.Accept(Event("timeout", 0, 1), RepeatState.Empty, now: Start);
        (_, state) = quietCollapser.Accept(Event("timeout", 1.5, 2), state, now: Start.AddSeconds(1.5));

        var (stillArriving, _) = quietCollapser.Flush(state, Start.AddSeconds(3));
        var (quiet, after) = quietCollapser.Flush(state, Start.AddSeconds(3.5));

        Assert.Empty(stillArriving);
        Assert.Equal("2", Assert.Single(quiet).Attributes[AttributeKeys.Repeat]);
        Assert.Null(after.Held);
    }

    [Fact]
    public void Release_emits_the_held_event_at_once_and_leaves_an_empty_state()
    {
        var state = RepeatState.Empty;
        Run([Event("timeout", 0, 1), Event("timeout", 1, 2)], ref state);

        var (released, after) = collapser.Release(state);
        var (nothing, _) = collapser.Release(after);

        Assert.Equal("2", Assert.Single(released).Attributes[AttributeKeys.Repeat]);
        Assert.Null(after.Held);
        Assert.Empty(nothing);
    }

    [Theory]
    [InlineData(2, 10, 2)]
    [InlineData(30, 10, 10)]
    [InlineData(5, 0, 0)]
    public void The_quiet_time_is_at_most_the_window(double quietSeconds, double windowSeconds, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), new RepeatCollapser(TimeSpan.FromSeconds(windowSeconds), TimeSpan.FromSeconds(quietSeconds)).QuietAfter);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("6", 6)]
    [InlineData("not a number", 1)]
    [InlineData("-4", 1)]
    public void An_event_stands_for_its_repeat_count_or_else_for_itself(string? repeat, int occurrences)
    {
        var attributes = repeat is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [AttributeKeys.Repeat] = repeat };

        Assert.Equal(occurrences, RepeatCollapser.Occurrences(Event("timeout", 0, 1) with { Attributes = attributes }));
    }

    [Fact]
    public void A_negative_window_or_a_quiet_time_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatCollapser(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatCollapser(TimeSpan.FromSeconds(10), TimeSpan.Zero));
    }
}
