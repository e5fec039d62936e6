using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Tests.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>How a source's header layout is learned, kept across records and restarts, and learned again when the source changes.</summary>
public sealed class HeaderLearningTests
{
    private const string HdfsLayout = "<Date> <Time> <Pid> <Level> <Component>: <Content>";
    private const string ZookeeperLayout = @"<Date> <Time> - <Level>  \[<Thread>\] - <Content>";

    private readonly LogNormalizer normalizer = new();

    [Fact]
    public void The_learned_header_survives_a_json_round_trip_of_the_state_and_reads_the_next_record()
    {
        var (_, state) = normalizer.Accept(Records.Of(HdfsLines(60, start: 0)), SourceState.Empty);

        var restored = SourceState.FromJson(state.ToJson());

        Assert.Equal(state.Header, restored.Header);
        Assert.Equal(HdfsLayout, restored.Header!.Layout);
        Assert.Null(restored.Header.Sample);
        var (result, next) = normalizer.Accept(Records.Of("081109 213000 9 ERROR dfs.FSNamesystem: BLOCK* ask to delete blk_1", offset: 1), restored);
        var logEvent = Assert.Single(result.Events.Concat(normalizer.Flush(next, DateTimeOffset.MaxValue).Result.Events), e => e.Raw.Offset == 1);
        Assert.Equal(Severity.Error, logEvent.Level);
        Assert.Equal(new DateTimeOffset(2008, 11, 9, 21, 30, 0, TimeSpan.Zero), logEvent.Timestamp);
    }

    /// <summary>
    /// The header kinds learned from columns read a live source's levels and times as offline: brackets side by side
    /// (Envoy), a time with its zone between tab-separated columns (Jenkins), a bracketed clock with a month's name and a
    /// level with its colon (PHP-FPM), an id in brackets after a bracketed level (RabbitMQ); and logrus's quoted time is
    /// read by the normalizer's logfmt parser.
    /// </summary>
    [Theory]
    [InlineData("[2026-11-28 14:02:{0:00}.047][15][warning][router] [source/common/router/router.cc:732] [C{1}] upstream reset", "[C{1}] upstream reset")]
    [InlineData("2026-11-28 14:02:{0:00}.000+0000 [id={1}]\tWARNING\thudson.slaves.ChannelPinger#install: Channel pinger failed on agent-{1}", "Channel pinger failed on agent-{1}")]
    [InlineData("[28-Nov-2026 14:02:{0:00}] WARNING: [pool www] child {1} exited on signal 9 (SIGKILL)", "[pool www] child {1} exited on signal 9 (SIGKILL)")]
    [InlineData("28-Nov-2026 14:02:{0:00}.000 [warning] <0.{1}.0> closing AMQP connection", "closing AMQP connection")]
    [InlineData("time=\"2026-11-28T14:02:{0:00}.000835033Z\" level=warning msg=\"Health check for container {1} error: timed out\"", "Health check for container {1} error: timed out")]
    public void A_live_source_gets_the_levels_and_times_of_a_learned_column_header(string shape, string message)
    {
        var lines = string.Join('\n', Enumerable.Range(0, 60).Select(i => string.Format(shape, i, 1000 + i)));

        var (result, state) = normalizer.Accept(Records.Of(lines), SourceState.Empty);
        var events = result.Events.Concat(normalizer.Flush(state, DateTimeOffset.MaxValue).Result.Events).ToList();

        Assert.Equal(60, events.Count);
        Assert.All(events, logEvent => Assert.Equal(Severity.Warn, logEvent.Level));
        var last = events[^1].Timestamp;
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 2, 59, TimeSpan.Zero), last.AddTicks(-(last.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(string.Format(message, 0, 1059), events[^1].Message);
    }

    [Fact]
    public void A_source_sending_one_line_per_record_keeps_its_sample_in_the_state_until_it_has_enough_lines()
    {
        var state = SourceState.Empty;
        var lines = HdfsLines(HeaderLearner.SampleSize, start: 0).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            state = SourceState.FromJson(normalizer.Accept(Records.Of(lines[i], offset: i), state).State.ToJson());
            Assert.Equal(HdfsLayout, state.Header!.Layout);
            Assert.Equal(i + 1 < lines.Length ? i + 1 : null, state.Header.Sample?.Count);
        }
    }

    [Fact]
    public void A_header_detected_from_a_state_written_before_the_catalog_changed_is_learned_again()
    {
        var stale = SourceState.Empty with { Header = new HeaderState("<Gone> <Content>") };

        var (result, state) = normalizer.Accept(Records.Of(HdfsLines(3, start: 0)), stale);

        Assert.Equal(HdfsLayout, state.Header!.Layout);
        Assert.Equal(3, state.Header.Sample!.Count);
        Assert.Equal(2, result.Events.Count); // the third line waits for the next record, which may continue it
        Assert.All(result.Events, e => Assert.Equal("header", e.Attributes[AttributeKeys.Format]));
    }

    [Fact]
    public void A_source_that_switches_layout_is_learned_again_at_the_next_check()
    {
        var state = SourceState.Empty;
        for (var i = 0; i < 3; i++)
        {
            state = normalizer.Accept(Records.Of(HdfsLines(500, start: i * 500), offset: i), state).State;
        }

        Assert.Equal(HdfsLayout, state.Header!.Layout);
        var switched = 0;
        for (var i = 0; i < 4 && state.Header!.Layout == HdfsLayout; i++, switched++)
        {
            state = normalizer.Accept(Records.Of(ZookeeperLines(500, start: i * 500), offset: 10 + i), state).State;
        }

        Assert.Equal(ZookeeperLayout, state.Header!.Layout);
        Assert.True(switched <= 3, $"learned again only after {switched} records of 500 lines");
        var (result, last) = normalizer.Accept(Records.Of(ZookeeperLines(1, start: 9), offset: 99), state);
        var warning = Assert.Single(result.Events.Concat(normalizer.Flush(last, DateTimeOffset.MaxValue).Result.Events), e => e.Raw.Offset == 99);
        Assert.Equal(Severity.Warn, warning.Level);
        Assert.Equal("header", warning.Attributes[AttributeKeys.Format]);
    }

    [Fact]
    public void A_source_no_layout_explains_is_checked_ever_less_often_rather_than_learned_on_every_record()
    {
        var state = SourceState.Empty;
        var periods = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            state = normalizer.Accept(Records.Of(string.Join('\n', Enumerable.Range(i * 500, 500).Select(n => $"something odd number {n} happened"))), state).State;
            periods.Add(state.Header!.Period);
        }

        Assert.Equal(HeaderFormat.WholeLine.Layout, state.Header!.Layout);
        Assert.True(periods.Distinct().Count() >= 4 && periods.SequenceEqual(periods.Order()), $"check periods: {string.Join(", ", periods.Distinct())}");
    }

    [Fact]
    public void A_source_with_a_forced_format_learns_no_header()
    {
        var forced = new LogNormalizer(new NormalizerOptions { FormatBySource = new Dictionary<string, LogFormat> { ["app"] = LogFormat.PlainText } });

        var (result, state) = forced.Accept(Records.Of(HdfsLines(3, start: 0)), SourceState.Empty);

        Assert.Null(state.Header);
        Assert.Equal(2, result.Events.Count); // the third line waits for the next record, which may continue it
        Assert.All(result.Events, e => Assert.Equal(Severity.Unknown, e.Level));
    }

    private static string HdfsLines(int count, int start) => string.Join('\n', Enumerable.Range(start, count).Select(i =>
        $"081109 {20 + (i / 3600 % 4):00}{i / 60 % 60:00}{i % 60:00} {100 + (i % 50)} {(i % 7 == 0 ? "WARN" : "INFO")} dfs.DataNode$PacketResponder: PacketResponder {i % 3} for block blk_{i} terminating"));

    private static string ZookeeperLines(int count, int start) => string.Join('\n', Enumerable.Range(start, count).Select(i =>
        $"2015-07-29 17:{i / 60 % 60:00}:{i % 60:00},{i % 1000:000} - {(i % 2 == 1 ? "WARN" : "INFO")}  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: {i}"));
}
