using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Normalization;

/// <summary>Pasted tables are one event per row with the header as context; the inputs are the sample files written for this (Samples/).</summary>
public sealed class TextTableTests
{
    private const string TextTablesHeader = "table.header";

    private readonly LogNormalizer normalizer = new();

    [Fact]
    public void Kubectl_describe_events_are_one_event_per_row_not_glued_to_the_title_above()
    {
        var (record, result, rows) = NormalizeSample("kubectl-describe-events");

        var messages = result.Events.Select(e => e.Message).ToList();
        Assert.True(messages.Contains("Events:"), Show(result));
        Assert.True(rows.Count == 4, Show(result));
        var backOff = rows[^1];
        Assert.StartsWith("Warning  BackOff", backOff.Message, StringComparison.Ordinal);
        Assert.Equal("Type     Reason     Age                From               Message", backOff.Attributes["table.header"]);
        Assert.Equal("BackOff", backOff.Attributes["table.reason"]);
        Assert.Equal("5s (x9 over 110s)", backOff.Attributes["table.age"]);
        Assert.StartsWith("Back-off restarting failed container", backOff.Attributes["table.message"], StringComparison.Ordinal);
        Assert.Equal(Severity.Warn, backOff.Level);
        Assert.Equal(Severity.Info, rows[0].Level);
        Assert.Equal(2, result.HeaderLines);
        Assert.Equal(Records.NonBlankLines(record.Value.ToArray()), Records.LinesAccountedFor(result));
    }

    [Fact]
    public void Docker_ps_rows_are_events_and_the_log_line_after_the_table_is_not_a_row()
    {
        var (_, result, rows) = NormalizeSample("docker-ps");

        Assert.True(rows.Count == 2, Show(result));
        Assert.Equal("Restarting (1) 5 seconds ago", rows[0].Attributes["table.status"]);
        Assert.Equal("db", rows[0].Attributes["table.names"]);
        Assert.False(rows[0].Attributes.ContainsKey("table.ports"), "an empty cell is no attribute");
        Assert.Equal("0.0.0.0:8080->8080/tcp", rows[1].Attributes["table.ports"]);
        var after = result.Events[^1];
        Assert.Equal("connection refused: db:5432", after.Message);
        Assert.Equal(Severity.Error, after.Level);
        Assert.False(after.Attributes.ContainsKey("table.header"));
        Assert.Equal(1, result.HeaderLines);
    }

    [Fact]
    public void A_pipe_table_such_as_pg_autoctl_show_state_maps_each_cell_to_its_column()
    {
        var (_, result, rows) = NormalizeSample("pg-autoctl-state");

        Assert.True(rows.Count == 2, Show(result));
        Assert.Equal("node_2", rows[1].Attributes["table.name"]);
        Assert.Equal("catchingup", rows[1].Attributes["table.reported_state"]);
        Assert.Equal("localhost:5502", rows[1].Attributes["table.host_port"]);
        Assert.Equal(Severity.Fatal, result.Events[^1].Level);
        Assert.Equal(2, result.HeaderLines);
    }

    [Fact]
    public void A_table_header_in_one_record_applies_to_rows_in_the_next()
    {
        var lines = File.ReadAllLines(SampleFiles.PathOf("kubectl-describe-events.log"));
        var (first, state) = normalizer.Accept(Records.Of(string.Join('\n', lines[..6]) + "\n"), SourceState.Empty);
        var restored = SourceState.FromJson(state.ToJson());

        var (second, _) = normalizer.Accept(Records.Of(lines[6] + "\n", offset: 1), restored);

        Assert.Equal(2, first.HeaderLines);
        // The title held back for a possible continuation comes out first, then the row as an event of its own.
        Assert.Equal(["Events:", lines[6].Trim()], second.Events.Select(e => e.Message));
        Assert.Equal("Scheduled", second.Events[1].Attributes["table.reason"]);
    }

    [Fact]
    public void A_line_of_names_between_bars_is_not_a_header_unless_a_rule_or_a_row_follows()
    {
        var record = Records.Of("INFO | main | Starting application\n2024-01-02 10:00:00,123 [main] ERROR com.example.App - failed\nWARN | pool | Slow acquire\n");

        var result = normalizer.Normalize(record);

        Assert.Equal(0, result.HeaderLines);
        // Each line is an event of its own; the level that starts one is read as its level (a logging layout).
        Assert.Equal(["main | Starting application", "failed", "pool | Slow acquire"], result.Events.Select(e => e.Message));
        Assert.Equal([Severity.Info, Severity.Error, Severity.Warn], result.Events.Select(e => e.Level));
    }

    [Fact]
    public void Lines_with_wide_gaps_but_no_column_names_are_not_a_table()
    {
        // A MySQL error log line (two spaces, a one-digit hour) and an aligned key/value listing.
        var record = Records.Of("2024-05-06  9:31:16 0 [Warning] Aborted connection 12 to db: 'app'\nName:         api\nStatus:       Running\n");

        var result = normalizer.Normalize(record);

        Assert.Equal(0, result.HeaderLines);
        Assert.DoesNotContain(result.Events, e => e.Attributes.ContainsKey("table.header"));
    }

    /// <summary>The sample normalized as one record, and its events that are table rows.</summary>
    private (RawRecord Record, NormalizationResult Result, List<LogEvent> Rows) NormalizeSample(string sample)
    {
        var record = Records.Of(File.ReadAllText(SampleFiles.PathOf(sample + ".log")));
        var result = normalizer.Normalize(record);
        return (record, result, [.. result.Events.Where(e => e.Attributes.ContainsKey(TextTablesHeader))]);
    }

    private static string Show(NormalizationResult result) =>
        string.Join('\n', result.Events.Select(e => $"[{e.Level}] {e.Message.Replace("\n", "\\n", StringComparison.Ordinal)} {string.Join(' ', e.Attributes.Select(a => a.Key + "=" + a.Value))}"));
}
