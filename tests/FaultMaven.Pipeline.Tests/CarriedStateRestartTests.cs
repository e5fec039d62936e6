using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Tests;

/// <summary>
/// A worker killed inside a commit: Streamiz flushes the stores (the carried-event changelog receives the state), waits
/// for the producer, then commits the offsets, so the restarted worker resumes from the offsets of the commit before
/// with the changelog at either commit's value, while batches forwarded in the interval may never have arrived. Each
/// test runs a "killed" pipeline, keeps what it delivered before the kill, and replays the rest in a "restarted" one from
/// the state the changelog held; every line must be delivered by one or the other.
/// </summary>
public class CarriedStateRestartTests
{
    private const string Source = "restart";
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Lines = Enumerable.Range(0, 5).Select(i => $"line {i} of the restart test").ToArray();

    /// <summary>
    /// The killed worker processed one more record after the last commit, the normalizer handing the collapser the line
    /// before it. When the two steps' states were separate changelog records, the normalizer's could arrive without the
    /// collapser's, and the replay lost that line: what the end-to-end restart test once saw (logs.raw offset 9998 of
    /// 10,000 with no event, every offset committed).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_worker_killed_inside_a_commit_loses_no_line_when_it_replays_from_the_commit_before(bool restoredAfterTheRecord)
    {
        byte[] restored;
        List<string> delivered;
        using (var killed = new PipelineDriver())
        {
            SendLines(killed, 0, Lines.Length - 1);
            Commit(killed);
            var before = CarriedStateOf(killed);
            delivered = Delivered(killed);
            SendLines(killed, Lines.Length - 1, Lines.Length);
            Commit(killed);
            restored = restoredAfterTheRecord ? CarriedStateOf(killed) : before;
            delivered.AddRange(Delivered(killed));
        }

        var replayed = Replay(restored, from: Lines.Length - 1);

        AssertEveryLine(delivered.Concat(replayed));
    }

    /// <summary>
    /// The changelog record of the interval arrived and a batch forwarded early in the same interval did not: here the
    /// batch that carried line 2, held since the commit before, out of the normalizer. Replayed from the restored record
    /// (which holds line 4), line 2 is gone; replayed from the state as of the commit before, kept in the same record,
    /// it is forwarded again.
    /// </summary>
    [Fact]
    public void A_batch_lost_in_the_interval_of_a_delivered_changelog_record_is_forwarded_again_by_the_replay()
    {
        byte[] restored;
        List<string> delivered;
        using (var killed = new PipelineDriver())
        {
            SendLines(killed, 0, 3);
            Commit(killed);
            delivered = Delivered(killed);
            SendLines(killed, 3, Lines.Length);
            Commit(killed);
            restored = CarriedStateOf(killed);
            Assert.Contains(Delivered(killed), message => message.EndsWith(Lines[2], StringComparison.Ordinal));
        }

        var replayed = Replay(restored, from: 3);

        AssertEveryLine(delivered.Concat(replayed));
    }

    /// <summary>
    /// Only a punctuation changed the source in the interval: the idle flush released its last line, and the batch with
    /// it was lost while the changelog record (nothing pending) arrived. No record is replayed; the restarted worker
    /// starts from the state as of the commit before, so the idle flush releases the line again.
    /// </summary>
    [Fact]
    public void A_line_an_idle_flush_released_in_a_lost_batch_is_released_again_after_the_restart()
    {
        var (restored, delivered) = KilledAfterAnIdleFlush();

        var replayed = Replay(restored, from: Lines.Length);

        AssertEveryLine(delivered.Concat(replayed));
    }

    /// <summary>
    /// Streamiz punctuates a task while it still restores its stores. A punctuation that read the source then found
    /// an earlier record of the changelog: here the record a restart's rewind wrote, which needs no rewind of its own, and
    /// the source was remembered as needing none. The record restored over it, of an idle flush whose batch was lost,
    /// was then never rewound, and the last line was not released again: the end-to-end test's last two of 10,000
    /// lines, once, under load. Each record is judged by its own bytes.
    /// </summary>
    [Fact]
    public void A_record_restored_over_one_a_punctuation_already_read_is_rewound_on_its_own()
    {
        var (flushedInLostBatch, delivered) = KilledAfterAnIdleFlush();
        byte[] rewound;
        using (var earlierRestart = new PipelineDriver())
        {
            earlierRestart.Send("other", "2026-11-25 10:00:00 INFO another source", Now);
            earlierRestart.Store(LogPipelineTopology.CarriedEventStore).Put(Source, flushedInLostBatch);
            earlierRestart.AdvanceWallClock(NormalizeTransformer.FlushInterval);
            rewound = CarriedStateOf(earlierRestart);
        }

        using var restarted = new PipelineDriver();
        restarted.Send("other", "2026-11-25 10:00:00 INFO another source", Now);
        restarted.Store(LogPipelineTopology.CarriedEventStore).Put(Source, rewound);
        restarted.AdvanceWallClock(NormalizeTransformer.FlushInterval);
        restarted.Store(LogPipelineTopology.CarriedEventStore).Put(Source, flushedInLostBatch);
        WaitIdle(restarted);

        AssertEveryLine(delivered.Concat(Delivered(restarted)));
    }

    /// <summary>
    /// While the worker's store is restoring, its punctuations release nothing and write nothing: what the store holds
    /// may be an earlier record of the changelog. Once Streamiz reports the restoration ended, the idle flush releases
    /// the restored state's line.
    /// </summary>
    [Fact]
    public void Nothing_is_released_or_written_from_a_store_until_its_restoration_ends()
    {
        var (flushedInLostBatch, delivered) = KilledAfterAnIdleFlush();
        using var restarted = new PipelineDriver();
        restarted.CarriedStores.AwaitRestoration();
        restarted.Send("other", "2026-11-25 10:00:00 INFO another source", Now);
        restarted.Store(LogPipelineTopology.CarriedEventStore).Put(Source, flushedInLostBatch);
        WaitIdle(restarted);

        Assert.Empty(Delivered(restarted));
        Assert.Equal(flushedInLostBatch, CarriedStateOf(restarted));

        restarted.CarriedStores.RestoreEnded(LogPipelineTopology.TemplateMinerStore, partition: 0);
        WaitIdle(restarted);
        Assert.Empty(Delivered(restarted));

        restarted.CarriedStores.RestoreEnded(LogPipelineTopology.CarriedEventStore, partition: 0);
        WaitIdle(restarted);
        AssertEveryLine(delivered.Concat(Delivered(restarted)));
    }

    /// <summary>
    /// A pipeline given every line, committed, then quiet until its idle flush released the last one, and committed again:
    /// the changelog's record (nothing held, its base holding the last line) and what it delivered before the flush,
    /// whose batch the kill lost.
    /// </summary>
    private static (byte[] Restored, List<string> Delivered) KilledAfterAnIdleFlush()
    {
        using var killed = new PipelineDriver();
        SendLines(killed, 0, Lines.Length);
        Commit(killed);
        var delivered = Delivered(killed);
        WaitIdle(killed);
        Commit(killed);
        Assert.Contains(Delivered(killed), message => message.EndsWith(Lines[^1], StringComparison.Ordinal));
        return (CarriedStateOf(killed), delivered);
    }

    /// <summary>Ten punctuation intervals: past the normalizer's idle timeout and the collapser's quiet time.</summary>
    private static void WaitIdle(PipelineDriver pipeline)
    {
        for (var second = 0; second < 10; second++)
        {
            pipeline.AdvanceWallClock(NormalizeTransformer.FlushInterval);
        }
    }

    /// <summary>
    /// The source ended on a run of repeats: the normalizer held the last one and the collapser the others until the
    /// idle flush released them as one event. A worker restarted a minute later restores the state from before that
    /// flush (the changelog record of the flush's interval is rewound to it, or was never written) and must release the
    /// same event under the same raw position, which the sink then finds stored. Released by the times the killed run
    /// wrote, the collapser let its part go at its first tick, before the normalizer handed over the last repeat: a
    /// second event, under a raw position the first one already counted.
    /// </summary>
    [Fact]
    public void A_run_of_repeats_restored_a_minute_later_is_released_as_the_same_event()
    {
        var (restored, delivered) = KilledAfterARunOfRepeats();

        using var restarted = new PipelineDriver();
        restarted.AdvanceWallClock(TimeSpan.FromMinutes(1));
        restarted.Send("other", "2026-11-25 10:00:00 INFO another source", Now);
        restarted.Store(LogPipelineTopology.CarriedEventStore).Put(Source, restored);

        var replayed = Described(restarted.ReadNormalized());

        Assert.Equal("connection pool exhausted raw 2 x5", delivered[^1]);
        Assert.Equal([delivered[^1]], replayed);
    }

    /// <summary>
    /// The same replay on a loaded machine: the restarted collapser's first tick comes first, and the next ones only after
    /// the thread stalled for longer than the source's quiet time, when the normalizer's idle flush is due as well. The
    /// collapser counted that quiet time from its first tick and let its part of the run go before the normalizer handed
    /// over the last repeat, which became a second event (the end-to-end restart test's 30 lines stored as 31, once, at
    /// load). While the normalizer still holds a line of the source, it will hand it over when the source is idle,
    /// which releases the run; until then only the repeat window releases it.
    /// </summary>
    [Fact]
    public void A_run_of_repeats_replayed_after_a_stall_is_released_as_the_same_event()
    {
        var (restored, delivered) = KilledAfterARunOfRepeats();

        using var restarted = new PipelineDriver();
        restarted.Send("other", "2026-11-25 10:00:00 INFO another source", Now);
        restarted.Store(LogPipelineTopology.CarriedEventStore).Put(Source, restored);
        restarted.AdvanceWallClock(RepeatCollapseTransformer.FlushInterval);
        restarted.AdvanceWallClock(new FilterOptions().RepeatQuietAfter + TimeSpan.FromSeconds(1));

        var replayed = Described(restarted.ReadNormalized());

        Assert.Equal([delivered[^1]], replayed);
    }

    /// <summary>
    /// A pipeline given two lines and then five repeats, its state committed, and killed: the state the changelog holds
    /// (the normalizer holding the last repeat, the collapser the four before it) and what it delivered once quiet.
    /// </summary>
    private static (byte[] Restored, List<string> Delivered) KilledAfterARunOfRepeats()
    {
        using var killed = new PipelineDriver();
        SendLines(killed, 0, 2);
        for (var repeat = 0; repeat < 5; repeat++)
        {
            killed.Send(Source, "2026-11-25 10:00:01 WARN connection pool exhausted", Now.AddSeconds(1));
        }

        Commit(killed);
        var restored = CarriedStateOf(killed);
        return (restored, Described(killed.ReadNormalized()));
    }

    /// <summary>
    /// Starts a pipeline on <paramref name="restored"/> and sends it the lines from <paramref name="from"/> on, at the
    /// raw offsets they had in the killed pipeline (records of another source fill the offsets before them; processing
    /// one first also gives the driver the record context its store's cache needs for a write). Returns what it
    /// delivered for the source once quiet.
    /// </summary>
    private static List<string> Replay(byte[] restored, int from)
    {
        using var restarted = new PipelineDriver();
        for (var offset = 0; offset < Math.Max(from, 1); offset++)
        {
            restarted.Send("other", "2026-11-25 10:00:00 INFO another source", Now);
        }

        restarted.Store(LogPipelineTopology.CarriedEventStore).Put(Source, restored);
        SendLines(restarted, from, Lines.Length);
        return restarted.ReadNormalized().Where(e => e.Source == Source).Select(e => e.Message).ToList();
    }

    private static void SendLines(PipelineDriver pipeline, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            pipeline.Send(Source, $"2026-11-25 10:00:00 INFO {Lines[i]}", Now.AddMilliseconds(i));
        }
    }

    /// <summary>What a commit does to the stores first: flush them, which sends the carried state to its changelog.</summary>
    private static void Commit(PipelineDriver pipeline) => pipeline.Store(LogPipelineTopology.CarriedEventStore).Flush();

    private static byte[] CarriedStateOf(PipelineDriver pipeline) => pipeline.Store(LogPipelineTopology.CarriedEventStore).Get(Source)!;

    private static List<string> Delivered(PipelineDriver pipeline) =>
        pipeline.Normalized.ReadValueList().SelectMany(batch => batch.Events).Where(e => e.Source == Source).Select(e => e.Message).ToList();

    /// <summary>The events of the source, each as its message, raw offset and repeat count: what the sink's key and the line count see.</summary>
    private static List<string> Described(IEnumerable<LogEvent> events) =>
        events.Where(e => e.Source == Source).Select(e => $"{e.Message} raw {e.Raw.Offset} x{RepeatCollapser.Occurrences(e)}").ToList();

    private static void AssertEveryLine(IEnumerable<string> stored)
    {
        var messages = stored.ToList();
        Assert.All(Lines, line => Assert.Contains(messages, message => message.EndsWith(line, StringComparison.Ordinal)));
    }
}
