using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Tests;

/// <summary>HDFS lines through the real topology: the normalize step learns the source's header and the events carry its levels and times.</summary>
public class HeaderTopologyTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static readonly string[] HdfsLines =
    [
        "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
        "081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656570 terminating",
        "081109 204005 35 WARN dfs.DataNode$DataXceiver: Got exception while serving blk_-2918118818249673980",
        "081109 204106 329 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated",
        "081111 101621 24902 ERROR dfs.DataNode: block blk_3 is corrupt",
    ];

    private static readonly (Severity Level, DateTimeOffset Timestamp, string Message)[] Expected =
    [
        (Severity.Info, At(2008, 11, 9, 20, 36, 15), "PacketResponder 1 for block blk_38865049064139660 terminating"),
        (Severity.Info, At(2008, 11, 9, 20, 38, 7), "PacketResponder 0 for block blk_-6952295868487656570 terminating"),
        (Severity.Warn, At(2008, 11, 9, 20, 40, 5), "Got exception while serving blk_-2918118818249673980"),
        (Severity.Info, At(2008, 11, 9, 20, 41, 6), "BLOCK* NameSystem.addStoredBlock: blockMap updated"),
        (Severity.Error, At(2008, 11, 11, 10, 16, 21), "block blk_3 is corrupt"),
    ];

    [Fact]
    public void Hdfs_lines_pushed_as_one_chunk_get_their_levels_and_timestamps_from_the_header()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("hdfs", string.Join('\n', HdfsLines), Now);

        AssertHdfsEvents(pipeline.ReadNormalized());
    }

    [Fact]
    public void Hdfs_lines_sent_one_per_record_get_their_levels_and_timestamps_from_the_header_learned_in_the_store()
    {
        using var pipeline = new PipelineDriver();

        for (var i = 0; i < HdfsLines.Length; i++)
        {
            pipeline.Send("hdfs", HdfsLines[i], Now.AddMilliseconds(i));
        }

        AssertHdfsEvents(pipeline.ReadNormalized());
    }

    private static void AssertHdfsEvents(List<LogEvent> events)
    {
        var seen = events.Select(e => (e.Level, e.Timestamp, e.Message)).ToList();
        Assert.True(seen.SequenceEqual(Expected), $"expected:\n{string.Join('\n', Expected)}\nsaw:\n{string.Join('\n', seen)}");
        Assert.All(events, e => Assert.Equal("header", e.Attributes["fm.format"]));
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, int second) => new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
