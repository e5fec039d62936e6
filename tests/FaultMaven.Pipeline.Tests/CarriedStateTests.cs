using FaultMaven.Analysis.Filtering;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Tests;

public class CarriedStateTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Both_steps_states_come_back_from_one_record()
    {
        var carried = new CarriedState(
            SourceState.Empty with { Pending = new PendingEvent(Event("pending line"), LogFormat.Auto, 1, false, At, false) },
            new RepeatState(Event("held line"), 3, At, At, At));

        var read = CarriedState.FromJson(carried.ToJson());

        Assert.Equal("pending line", read.Normalizer.Pending!.Event.Message);
        Assert.Equal(("held line", 3), (read.Collapser.Held!.Message, read.Collapser.Count));
    }

    [Fact]
    public void The_offset_and_the_state_as_of_the_last_commit_come_back_with_it()
    {
        var atCommit = new CarriedState(SourceState.Empty with { Pending = new PendingEvent(Event("line at the commit"), LogFormat.Auto, 1, false, At, false) }, RepeatState.Empty) { Offset = 6 };
        var carried = new CarriedState(SourceState.Empty, new RepeatState(Event("held line"), 2, At, At, At)) { Offset = 9, Base = atCommit, Interval = "00000000000000ab-3" };

        var read = CarriedState.FromJson(carried.ToJson());

        Assert.Equal((9L, "00000000000000ab-3"), (read.Offset, read.Interval));
        Assert.Equal(6, read.Base!.Offset);
        Assert.Equal("line at the commit", read.Base.Normalizer.Pending!.Event.Message);
        Assert.Null(read.Base.Base);
        Assert.Equal(carried.ToJson(), read.ToJson());
    }

    [Fact]
    public void A_record_from_before_offsets_were_kept_reflects_no_offset()
    {
        var read = CarriedState.FromJson("""{"normalizer":{},"collapser":{}}"""u8.ToArray());

        Assert.Equal(-1, read.Offset);
        Assert.Null(read.Base);
    }

    [Fact]
    public void A_record_of_the_normalizer_alone_from_before_the_steps_shared_it_is_its_state()
    {
        var normalizerOnly = SourceState.Empty with { Pending = new PendingEvent(Event("pending line"), LogFormat.Auto, 1, false, At, false) };

        var read = CarriedState.FromJson(normalizerOnly.ToJson());

        Assert.Equal("pending line", read.Normalizer.Pending!.Event.Message);
        Assert.Null(read.Collapser.Held);
    }

    private static LogEvent Event(string message) =>
        new(At, "restart", null, null, Severity.Info, message, new Dictionary<string, string>(), new RawOffset(Topics.Raw, 0, 7, Fingerprint: 42));
}
