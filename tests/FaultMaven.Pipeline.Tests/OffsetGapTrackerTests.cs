namespace FaultMaven.Pipeline.Tests;

public class OffsetGapTrackerTests
{
    private readonly OffsetGapTracker tracker = new();

    [Fact]
    public void Consecutive_offsets_have_no_gap()
    {
        Assert.Equal([0L, 0L, 0L], new long[] { 5, 6, 7 }.Select(o => tracker.Observe("t", 0, o)));
    }

    [Fact]
    public void Skipped_offsets_are_counted()
    {
        tracker.Observe("t", 0, 5);

        Assert.Equal(3, tracker.Observe("t", 0, 9));
        Assert.Equal(0, tracker.Observe("t", 0, 10));
    }

    [Fact]
    public void Records_dropped_before_the_committed_position_count_from_the_resume_point()
    {
        tracker.Resume("t", 1, 100);

        Assert.Equal(20, tracker.Observe("t", 1, 120));
    }

    [Fact]
    public void A_replayed_offset_is_not_a_gap_and_does_not_move_the_expectation_back()
    {
        tracker.Observe("t", 0, 10);
        Assert.Equal(0, tracker.Observe("t", 0, 4));

        Assert.Equal(0, tracker.Observe("t", 0, 11));
    }

    [Fact]
    public void Partitions_are_tracked_apart()
    {
        tracker.Observe("t", 0, 10);

        Assert.Equal(0, tracker.Observe("t", 1, 50));
        Assert.Equal(0, tracker.Observe("t", 0, 11));
    }
}
