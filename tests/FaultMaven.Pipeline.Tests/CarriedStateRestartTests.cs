namespace FaultMaven.Pipeline.Tests;

public class CarriedStateRestartTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A worker killed while a commit's records are on their way restarts from the offsets of the commit before, with
    /// the carried-event changelog at either commit's value (Streamiz sends it before it commits the offsets). The
    /// killed worker processed one more record, the normalizer handing the collapser the line before it; the restarted
    /// one replays that record. When the two steps' states were separate changelog records, the normalizer's could
    /// arrive without the collapser's, and the replay lost that line: what the end-to-end restart test once saw
    /// (logs.raw offset 9998 of 10,000 with no event, every offset committed).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_worker_killed_inside_a_commit_loses_no_line_when_it_replays_from_the_commit_before(bool restoredAfterTheRecord)
    {
        var lines = Enumerable.Range(0, 5).Select(i => $"line {i} of the restart test").ToArray();
        byte[]? before;
        byte[]? after;
        List<string> delivered;
        using (var killed = new PipelineDriver())
        {
            for (var i = 0; i < lines.Length - 1; i++)
            {
                Send(killed, lines, i);
            }

            before = killed.Store(LogPipelineTopology.CarriedEventStore).Get("restart");
            Send(killed, lines, lines.Length - 1);
            after = killed.Store(LogPipelineTopology.CarriedEventStore).Get("restart");
            delivered = killed.Normalized.ReadValueList().SelectMany(batch => batch.Events).Select(e => e.Message).ToList();
        }

        using var restarted = new PipelineDriver();
        // Processing a record first gives the driver a record context, which the store's cache needs for a write.
        restarted.Send("other", "2026-11-25 10:00:00 INFO another source", Now);
        restarted.Store(LogPipelineTopology.CarriedEventStore).Put("restart", (restoredAfterTheRecord ? after : before)!);
        Send(restarted, lines, lines.Length - 1);

        var stored = delivered.Concat(restarted.ReadNormalized().Where(e => e.Source == "restart").Select(e => e.Message)).ToHashSet();
        Assert.All(lines, line => Assert.Contains(stored, message => message.EndsWith(line, StringComparison.Ordinal)));
    }

    private static void Send(PipelineDriver pipeline, string[] lines, int index) =>
        pipeline.Send("restart", $"2026-11-25 10:00:00 INFO {lines[index]}", Now.AddMilliseconds(index));
}
