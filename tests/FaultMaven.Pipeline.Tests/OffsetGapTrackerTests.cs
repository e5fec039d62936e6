namespace FaultMaven.Pipeline.Tests;

public class OffsetGapTrackerTests
{
    /// <summary>No broker to ask: a partition's first record is where counting starts.</summary>
    private readonly OffsetGapTracker tracker = new((_, _) => null);

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
    public void A_group_that_never_committed_resumes_at_the_start_of_the_log()
    {
        tracker.Resume("t", 1, Confluent.Kafka.Offset.Unset.Value);

        Assert.Equal(120, tracker.Observe("t", 1, 120));
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

    [Fact]
    public void A_gap_before_the_first_record_seen_counts_from_the_groups_committed_offset()
    {
        var resumed = new OffsetGapTracker((_, _) => 100);

        Assert.Equal(400, resumed.Observe("t", 0, 500));
        Assert.Equal(0, resumed.Observe("t", 0, 501));
    }

    [Fact]
    public void A_gap_before_the_first_record_of_a_group_that_never_committed_counts_from_offset_zero()
    {
        var fresh = new OffsetGapTracker((_, _) => 0);

        Assert.Equal(263, fresh.Observe("t", 3, 263));
    }

    [Fact]
    public void Records_another_group_member_committed_past_are_not_lost()
    {
        var committed = 0L;
        var member = new OffsetGapTracker((_, _) => committed);
        member.Observe("t", 0, 0);

        committed = 600;

        Assert.Equal(0, member.Observe("t", 0, 600));
    }

    [Fact]
    public void Trackers_of_one_process_share_one_ledger_so_a_lost_range_is_counted_once()
    {
        var topic = $"shared-{Guid.NewGuid():N}";
        var sink = new OffsetGapTracker();
        var normalizer = new OffsetGapTracker();
        sink.Observe(topic, 0, 5);

        Assert.Equal(3, normalizer.Observe(topic, 0, 9));
        Assert.Equal(0, sink.Observe(topic, 0, 9));
    }
}
