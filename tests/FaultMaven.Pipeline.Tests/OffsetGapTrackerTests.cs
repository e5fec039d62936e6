using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Tests;

public class OffsetGapTrackerTests
{
    /// <summary>No broker to ask: a partition's first record is where counting starts.</summary>
    private readonly OffsetGapTracker tracker = new((_, _) => null);

    [Fact]
    public void Consecutive_offsets_have_no_gap()
    {
        Assert.All(new long[] { 5, 6, 7 }, o => Assert.Null(tracker.Observe("t", 0, o)));
    }

    [Fact]
    public void Skipped_offsets_are_counted()
    {
        tracker.Observe("t", 0, 5);

        Assert.Equal(new OffsetGap("t", 0, 6, 8), tracker.Observe("t", 0, 9));
        Assert.Null(tracker.Observe("t", 0, 10));
    }

    [Fact]
    public void Records_dropped_before_the_committed_position_count_from_the_resume_point()
    {
        tracker.Resume("t", 1, 100);

        Assert.Equal(new OffsetGap("t", 1, 100, 119), tracker.Observe("t", 1, 120));
    }

    [Fact]
    public void A_group_that_never_committed_resumes_at_the_start_of_the_log()
    {
        tracker.Resume("t", 1, Confluent.Kafka.Offset.Unset.Value);

        Assert.Equal(new OffsetGap("t", 1, 0, 119), tracker.Observe("t", 1, 120));
    }

    [Fact]
    public void A_replayed_offset_is_not_a_gap_and_does_not_move_the_expectation_back()
    {
        tracker.Observe("t", 0, 10);
        Assert.Null(tracker.Observe("t", 0, 4));

        Assert.Null(tracker.Observe("t", 0, 11));
    }

    [Fact]
    public void Partitions_are_tracked_apart()
    {
        tracker.Observe("t", 0, 10);

        Assert.Null(tracker.Observe("t", 1, 50));
        Assert.Null(tracker.Observe("t", 0, 11));
    }

    [Fact]
    public void A_gap_before_the_first_record_seen_counts_from_the_groups_committed_offset()
    {
        var resumed = new OffsetGapTracker((_, _) => 100);

        Assert.Equal(new OffsetGap("t", 0, 100, 499), resumed.Observe("t", 0, 500));
        Assert.Null(resumed.Observe("t", 0, 501));
    }

    [Fact]
    public void A_gap_before_the_first_record_of_a_group_that_never_committed_counts_from_offset_zero()
    {
        var fresh = new OffsetGapTracker((_, _) => 0);

        Assert.Equal(263, fresh.Observe("t", 3, 263)?.Records);
    }

    [Fact]
    public void Records_another_group_member_committed_past_are_not_lost()
    {
        var committed = 0L;
        var member = new OffsetGapTracker((_, _) => committed);
        member.Observe("t", 0, 0);

        committed = 600;

        Assert.Null(member.Observe("t", 0, 600));
    }

    [Fact]
    public void Trackers_of_one_process_share_one_ledger_so_a_lost_range_is_counted_once()
    {
        var topic = $"shared-{Guid.NewGuid():N}";
        var sink = new OffsetGapTracker();
        var normalizer = new OffsetGapTracker();
        sink.Observe(topic, 0, 5);

        Assert.Equal(3, normalizer.Observe(topic, 0, 9)?.Records);
        Assert.Null(sink.Observe(topic, 0, 9));
    }

    /// <summary>
    /// A worker stopped after reading 100..199 and finding 200..299 missing, before committing: restarted from offset 100,
    /// it finds 100..299 missing when the broker dropped 100..199 meanwhile. Its rows of 100..199 were stored, so the
    /// gap stored first must stand: both dead letters have one key, the gap's end and the record after it.
    /// </summary>
    [Fact]
    public void A_gap_found_again_after_a_restart_has_the_key_of_the_gap_found_first()
    {
        var firstRun = new OffsetGapTracker((_, _) => 100);
        var afterRestart = new OffsetGapTracker((_, _) => 100);
        for (var offset = 100; offset < 200; offset++)
        {
            firstRun.Observe("t", 2, offset);
        }

        var first = firstRun.Observe("t", 2, 300)!.ToDeadLetter("normalize", 77, DateTimeOffset.UnixEpoch);
        var again = afterRestart.Observe("t", 2, 300)!.ToDeadLetter("normalize", 77, DateTimeOffset.UnixEpoch.AddMinutes(1));

        Assert.Equal((100L, 200L), (first.Records, again.Records));
        Assert.Equal(first.Raw, again.Raw);
        Assert.Equal((DeadLetter.BrokerStep, DeadLetter.BrokerStep), (first.Step, again.Step));
    }

    [Fact]
    public void A_gap_is_one_dead_letter_standing_for_its_records_at_its_last_offset()
    {
        var gap = new OffsetGap("logs.raw", 3, 1000, 245230);

        var deadLetter = gap.ToDeadLetter("normalize", 42, DateTimeOffset.UnixEpoch);

        Assert.Equal(244231, deadLetter.Records);
        Assert.Equal(new RawOffset("logs.raw", 3, 245230, 0, 42), deadLetter.Raw);
        Assert.Equal("logs.raw/3@1000..245230", deadLetter.Position);
        Assert.Null(deadLetter.Source);
        Assert.Empty(deadLetter.Payload);
        Assert.StartsWith($"{OffsetGap.Kind}: the broker dropped 244231 records (offsets 1000..245230 of logs.raw/3) before normalize", deadLetter.Reason);
    }

    [Fact]
    public void A_gap_of_one_record_names_its_offset_as_any_dead_letter_does()
    {
        var deadLetter = new OffsetGap("logs.raw", 0, 7, 7).ToDeadLetter("sink-logs", 1, DateTimeOffset.UnixEpoch);

        Assert.Equal(1, deadLetter.Records);
        Assert.Equal("logs.raw/0@7#0", deadLetter.Position);
    }
}
