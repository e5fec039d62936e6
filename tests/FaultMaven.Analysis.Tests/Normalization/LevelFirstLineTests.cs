using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Normalization;

/// <summary>
/// Lines without a timestamp that start with their level (<c>Samples/level-first.log</c> holds one of each shape; the
/// corpus test checks every field): the level is read, prose that merely starts with a level word is not.
/// </summary>
public sealed class LevelFirstLineTests
{
    private readonly LogNormalizer normalizer = new();

    [Theory]
    [InlineData("ERROR db down 1", Severity.Error, "db down 1")]
    [InlineData("[ERROR] db down", Severity.Error, "db down")]
    [InlineData("[error]: db down", Severity.Error, "db down")]
    [InlineData("FATAL db down", Severity.Fatal, "db down")]
    [InlineData("error: db down", Severity.Error, "db down")]
    [InlineData("Error: db down", Severity.Error, "db down")]
    [InlineData("WARN: db slow", Severity.Warn, "db slow")]
    [InlineData("WARNING db slow", Severity.Warn, "db slow")]
    [InlineData("ERR db down", Severity.Error, "db down")]
    [InlineData("crit: db down", Severity.Fatal, "db down")]
    [InlineData("DEBUG - cache warmed", Severity.Debug, "cache warmed")]
    [InlineData("ERROR com.example.Db: connection refused", Severity.Error, "com.example.Db: connection refused")]
    [InlineData("4242 ERROR db down", Severity.Error, "db down")]
    [InlineData("7 [info] db up", Severity.Info, "db up")]
    public void A_level_word_that_starts_the_line_in_capitals_in_brackets_or_before_a_colon_is_the_level(string line, Severity level, string message)
    {
        var logEvent = Assert.Single(normalizer.Normalize(Records.Of(line + "\n")).Events);

        Assert.Equal((level, message), (logEvent.Level, logEvent.Message));
    }

    [Theory]
    [InlineData("error rates look fine today")]
    [InlineData("Error rates look fine today")]
    [InlineData("warning signs ahead in the weekly report")]
    [InlineData("info about the deploy is in the wiki")]
    [InlineData("ERRORS were expected by the test")]
    [InlineData("3 errors were expected by the test")]
    public void Prose_that_starts_with_a_level_word_keeps_its_text_and_no_level(string line)
    {
        var logEvent = Assert.Single(normalizer.Normalize(Records.Of(line + "\n")).Events);

        Assert.Equal((Severity.Unknown, line), (logEvent.Level, logEvent.Message));
    }

    [Fact]
    public void The_stream_reads_each_line_as_the_offline_analysis_reads_the_whole_file()
    {
        var lines = File.ReadAllLines(SampleFiles.PathOf("level-first.log"));
        var offline = normalizer.Normalize(Records.Of(string.Join('\n', lines) + "\n")).Events;

        // Live: one record per line, the source's state carried from record to record, then the idle flush.
        var live = new List<LogEvent>();
        var state = SourceState.Empty;
        for (var index = 0; index < lines.Length; index++)
        {
            (var result, state) = normalizer.Accept(Records.Of(lines[index] + "\n", offset: index), SourceState.FromJson(state.ToJson()));
            live.AddRange(result.Events);
        }

        live.AddRange(normalizer.Flush(state, Records.ReceivedAt + normalizer.IdleTimeout).Result.Events);

        Assert.Equal(
            offline.Select(e => (e.Level, e.Message, e.Timestamp, string.Join(',', e.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)))),
            live.Select(e => (e.Level, e.Message, e.Timestamp, string.Join(',', e.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)))));
        Assert.Contains(live, e => e.Level == Severity.Error);
    }
}
