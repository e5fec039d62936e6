using System.Text.Json;
using System.Text.RegularExpressions;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Cli.Stored;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Storage;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace FaultMaven.Cli.Tests;

/// <summary>
/// One database for the class, filled through the storage write path the worker's sinks use (logs by
/// <see cref="LogRepository.InsertAsync"/>, findings by <see cref="FindingFiler"/>, which groups them into incidents, and a
/// resolution as <c>POST /incidents/{id}/resolve</c> stores it), read back by the commands.
/// </summary>
public sealed class StoredRows : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Longer than any 80-column table leaves for a message or a title.</summary>
    public static readonly string LongText = "connection refused to db-primary.internal:5432 after 3 retries; " + string.Concat(Enumerable.Repeat("the pool is exhausted and requests queue up behind it ", 4)) + "END-OF-LONG-TEXT";

    public const string Resolution = "Restarted pgbouncer and raised max_client_conn to 400.";

    private readonly PostgresFixture postgres = new();

    internal StoredDataCli Cli { get; private set; } = null!;

    /// <summary>
    /// Every stored log row, as written: 40 of checkout (info, warn, error in turn, one second apart; the one at 37 s stands for
    /// 120 repeats, as the repeat collapser stores them), 5 of billing and one of legacy, whose level is unknown.
    /// </summary>
    public IReadOnlyList<LogEvent> Logs { get; private set; } = [];

    public string CheckoutIncident { get; private set; } = "";

    public string BillingIncident { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        Cli = new StoredDataCli(postgres.ConnectionString);
        var logs = new List<LogEvent>();
        for (var i = 0; i < 40; i++)
        {
            var level = (Severity)((i % 3) + (int)Severity.Info);
            var message = i switch
            {
                38 => LongText,
                39 => "java.lang.IllegalStateException: pool closed\n\tat com.example.Pool.borrow(Pool.java:42)\n\tat com.example.Checkout.pay(Checkout.java:7)",
                _ => $"checkout line {i} {level}",
            };
            var log = Log("checkout", i, level, message);
            logs.Add(i == 37 ? log with { Attributes = new Dictionary<string, string>(log.Attributes) { [AttributeKeys.Repeat] = "120" } } : log);
        }

        for (var i = 0; i < 5; i++)
        {
            logs.Add(Log("billing", i, Severity.Info, $"billing line {i}"));
        }

        logs.Add(Log("legacy", 1800, Severity.Unknown, "a line whose level could not be read"));

        Logs = logs;
        Assert.Equal(logs.Count, await Cli.Storage.GetRequiredService<LogRepository>().InsertAsync(logs));
        Assert.Equal(3, await Cli.Storage.GetRequiredService<DeadLetterRepository>().InsertAsync(
        [
            new DeadLetter("invalid byte sequence for encoding \"UTF8\": 0x00", "sink-logs", "checkout", new RawOffset(Topics.Raw, 1, 7), [0x61, 0x00, 0x62], Start.AddMinutes(1)),
            new DeadLetter("normalizer failed: invalid JSON escape", "normalize", "billing", new RawOffset(Topics.Raw, 2, 9), "{\"msg\":\"\\q\"}"u8.ToArray(), Start.AddMinutes(2)),
            new OffsetGap(Topics.Raw, 3, 0, 244230).ToDeadLetter(LogPipelineTopology.NormalizeStep, 42, Start),
        ]));

        var burst = Finding("burst-1", ErrorBurstOptions.Kind, Severity.Error, "checkout", 5, 65, LongText, logs.Where(log => log.Level == Severity.Error && log.Source == "checkout").Take(5));
        var newTemplate = Finding("new-1", NewTemplateDetector.Kind, Severity.Warn, "checkout", 1, 1, "new message: checkout line <*> warn", logs.Take(2));
        var billing = Finding("rate-1", RateChangeDetector.Kind, Severity.Warn, "billing", 0, 3600 * 3, "billing rate fell from 5 to 0 lines per minute", []);
        var incidents = await Cli.Storage.GetRequiredService<FindingFiler>().FileAsync([burst, newTemplate, billing]);
        CheckoutIncident = incidents["burst-1"];
        BillingIncident = incidents["rate-1"];
        Assert.Equal(CheckoutIncident, incidents["new-1"]);
        Assert.True(await Cli.Storage.GetRequiredService<IncidentRepository>().ResolveAsync(BillingIncident, Resolution, Start.AddHours(4)));
        var feedback = Cli.Storage.GetRequiredService<FeedbackRepository>();
        await feedback.RecordAsync(new FeedbackEntry(Guid.CreateVersion7(), BillingIncident, "connection-pool-exhausted", FeedbackOutcomes.DidNotWork, "", Start.AddHours(3)));
        await feedback.RecordAsync(new FeedbackEntry(Guid.CreateVersion7(), BillingIncident, "upstream-dependency-down", FeedbackOutcomes.Worked, "the ledger service was down; " + LongText, Start.AddHours(3.5)));
    }

    public async Task DisposeAsync()
    {
        await Cli.DisposeAsync();
        await postgres.DisposeAsync();
    }

    private static LogEvent Log(string source, int second, Severity level, string message) =>
        new(Start.AddSeconds(second), source, "web", "host-1", level, message, new Dictionary<string, string> { ["line"] = $"{second}" }, new RawOffset("logs.raw", source == "checkout" ? 0 : 1, second));

    private static Finding Finding(string id, string kind, Severity severity, string source, int startSecond, int lengthSeconds, string title, IEnumerable<LogEvent> evidence) =>
        new(id, kind, severity, source, "web", Start.AddSeconds(startSecond), Start.AddSeconds(startSecond + lengthSeconds), title, evidence.Count(), null, 1.0, null,
            [title], [.. evidence.Select(log => log.Message)], [.. evidence.Select(log => log.Raw)]);
}

/// <summary><c>fm logs</c>, <c>fm findings</c> and <c>fm incidents [show]</c> in-process, reading rows stored the way the worker stores them.</summary>
public sealed class StoredDataCommandTests(StoredRows stored) : IClassFixture<StoredRows>
{
    [Fact]
    public async Task Logs_are_listed_newest_first_one_row_per_line_cut_with_an_ellipsis_to_fit_80_columns()
    {
        var run = await stored.Cli.LogsAsync(new LogsCommand.Settings { Source = "checkout", Limit = 5 });

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertFits(run);
        var rows = run.Lines.Skip(1).Take(5).ToArray();
        Assert.StartsWith("time (UTC)", run.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-30 10:00:39  info   checkout  java.lang.IllegalStateException: pool", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-30 10:00:38  error  checkout  connection refused to db-primary", rows[1], StringComparison.Ordinal);
        Assert.EndsWith("…", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-30 10:00:37  warn   checkout  (×120) checkout line 37 Warn", rows[2], StringComparison.Ordinal);
        Assert.DoesNotContain("END-OF-LONG-TEXT", run.Output, StringComparison.Ordinal);
        Assert.Equal(["10:00:39", "10:00:38", "10:00:37", "10:00:36", "10:00:35"], rows.Select(row => row[11..19]));
        var more = Assert.Single(run.Lines, line => line.StartsWith("More: add --cursor ", StringComparison.Ordinal));
        var next = await stored.Cli.LogsAsync(new LogsCommand.Settings { Source = "checkout", Limit = 5, Cursor = more["More: add --cursor ".Length..] });
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.StartsWith("2026-11-30 10:00:34", next.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_filtered_by_source_level_and_time_range_show_only_the_matching_lines()
    {
        var billing = await Items(stored.Cli.LogsAsync(new LogsCommand.Settings { Source = "billing", Json = true, Limit = 1000 }));
        var errors = await Items(stored.Cli.LogsAsync(new LogsCommand.Settings { Level = "ERROR", Json = true, Limit = 1000 }));
        var warnAndUp = await Items(stored.Cli.LogsAsync(new LogsCommand.Settings { Level = "warn", Json = true, Limit = 1000 }));
        var range = await Items(stored.Cli.LogsAsync(new LogsCommand.Settings { From = "2026-11-30T10:00:10Z", To = "2026-11-30 10:00:13", Json = true }));

        Assert.Equal(5, billing.Count);
        Assert.All(billing, log => Assert.Equal("billing", log.GetProperty("source").GetString()));
        Assert.Equal(stored.Logs.Count(log => log.Level == Severity.Error), errors.Count);
        Assert.All(errors, log => Assert.Equal("error", log.GetProperty("level").GetString()));
        Assert.Equal(stored.Logs.Count(log => log.Level >= Severity.Warn), warnAndUp.Count);
        Assert.Equal(["checkout line 12 Info", "checkout line 11 Error", "checkout line 10 Warn"], range.Select(log => log.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_level_named_as_syslog_python_or_dotnet_name_it_filters_as_its_severity()
    {
        async Task<int> Count(string level) => (await Items(stored.Cli.LogsAsync(new LogsCommand.Settings { Level = level, Json = true, Limit = 1000 }))).Count;

        Assert.Equal(await Count("warn"), await Count("warning"));
        Assert.Equal(await Count("error"), await Count("ERR"));
        Assert.Equal(await Count("info"), await Count("Information"));
        Assert.Equal(await Count("fatal"), await Count("critical"));
        Assert.Equal(stored.Logs.Count(log => log.Level >= Severity.Warn), await Count("warning"));
    }

    [Fact]
    public async Task An_unknown_level_is_shown_whole_in_the_level_column()
    {
        var run = await stored.Cli.LogsAsync(new LogsCommand.Settings { Source = "legacy" });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("2026-11-30 10:30:00  unknown  legacy  a line whose level could not be read", run.Lines[1]);
    }

    [Fact]
    public async Task Logs_page_by_limit_and_cursor_through_every_row_once()
    {
        List<long> seen = [];
        string? cursor = null;
        var pages = 0;
        do
        {
            var run = await stored.Cli.LogsAsync(new LogsCommand.Settings { Limit = 7, Cursor = cursor, Json = true });
            Assert.True(run.ExitCode == 0, run.ToString());
            using var page = JsonDocument.Parse(run.Output);
            seen.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt64()));
            cursor = page.RootElement.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(stored.Logs.Count, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal((stored.Logs.Count + 6) / 7, pages);
    }

    [Fact]
    public async Task Logs_as_json_are_the_api_shape_with_the_message_opened()
    {
        var run = await stored.Cli.LogsAsync(new LogsCommand.Settings { Source = "checkout", Limit = 2, Json = true });

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        var newest = json.RootElement.GetProperty("items")[0];
        Assert.StartsWith("java.lang.IllegalStateException: pool closed\n\tat", newest.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("info", newest.GetProperty("level").GetString());
        Assert.Equal(StoredRows.Start.AddSeconds(39), newest.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("39", newest.GetProperty("attributes").GetProperty("line").GetString());
        Assert.Equal("logs.raw", newest.GetProperty("raw").GetProperty("topic").GetString());
        Assert.NotNull(json.RootElement.GetProperty("nextCursor").GetString());
    }

    [Fact]
    public async Task A_cursor_the_command_did_not_print_is_an_error_saying_so()
    {
        var run = await stored.Cli.LogsAsync(new LogsCommand.Settings { Cursor = "not-a-cursor" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--cursor is not a cursor this command printed", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_letters_show_when_which_step_refused_which_raw_record_and_why_whole_newest_first_with_their_bytes_in_json()
    {
        var all = await stored.Cli.DeadLettersAsync(new DeadLettersCommand.Settings());
        var sink = await Items(stored.Cli.DeadLettersAsync(new DeadLettersCommand.Settings { Step = "sink-logs", Json = true }));

        Assert.True(all.ExitCode == 0, all.ToString());
        AssertFits(all);
        Assert.StartsWith("failed (UTC)", all.Lines[0], StringComparison.Ordinal);
        Assert.Equal("    reason", all.Lines[1]);
        Assert.StartsWith("2026-11-30 10:02:00  normalize  billing", all.Lines[2], StringComparison.Ordinal);
        Assert.Contains("logs.raw/2@9#0", all.Lines[2], StringComparison.Ordinal);
        // The reason is what the list is read for: whole, in 80 columns (it was cut to "normalizer…" beside the columns).
        Assert.Equal("    normalizer failed: invalid JSON escape", all.Lines[3]);
        Assert.StartsWith("2026-11-30 10:01:00  sink-logs  checkout", all.Lines[4], StringComparison.Ordinal);
        Assert.Equal("    invalid byte sequence for encoding \"UTF8\": 0x00", all.Lines[5]);
        var only = Assert.Single(sink);
        Assert.Equal("invalid byte sequence for encoding \"UTF8\": 0x00", only.GetProperty("reason").GetString());
        Assert.Equal(new byte[] { 0x61, 0x00, 0x62 }, Convert.FromBase64String(only.GetProperty("payload").GetString()!));
    }

    [Fact]
    public async Task Records_the_broker_dropped_show_as_one_dead_letter_with_their_offsets_and_how_many_they_are()
    {
        var all = await stored.Cli.DeadLettersAsync(new DeadLettersCommand.Settings());
        var gaps = await Items(stored.Cli.DeadLettersAsync(new DeadLettersCommand.Settings { Step = DeadLetter.BrokerStep, Json = true }));

        // Each row's reason is on the lines under it.
        var row = Assert.Single(all.Lines, line => line.StartsWith("2026-11-30 10:00:00  broker", StringComparison.Ordinal));
        Assert.Contains("logs.raw/3@0..244230", row, StringComparison.Ordinal);
        Assert.StartsWith("    broker-dropped: the broker dropped 244231 records", all.Lines[Array.IndexOf(all.Lines, row) + 1], StringComparison.Ordinal);
        var gap = Assert.Single(gaps);
        Assert.Equal(244231, gap.GetProperty("records").GetInt64());
        Assert.Equal("logs.raw/3@0..244230", gap.GetProperty("raw").GetString());
        Assert.StartsWith("broker-dropped: the broker dropped 244231 records", gap.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_show_window_kind_severity_source_and_summary_filtered_by_kind_and_severity()
    {
        var all = await stored.Cli.FindingsAsync(new FindingsCommand.Settings());
        var bursts = await Items(stored.Cli.FindingsAsync(new FindingsCommand.Settings { Kind = ErrorBurstOptions.Kind, Json = true }));
        var errors = await Items(stored.Cli.FindingsAsync(new FindingsCommand.Settings { Severity = "error", Json = true }));
        var billing = await Items(stored.Cli.FindingsAsync(new FindingsCommand.Settings { Source = "billing", Json = true }));

        Assert.True(all.ExitCode == 0, all.ToString());
        AssertFits(all);
        Assert.Equal(4, all.Lines.Length);
        Assert.StartsWith("window (UTC)", all.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("11-30 10:00 3h", all.Lines[1], StringComparison.Ordinal);
        Assert.Contains("rate-change", all.Lines[1], StringComparison.Ordinal);
        Assert.Contains("billing rate fell from", all.Lines[1], StringComparison.Ordinal);
        Assert.Matches(@"^11-30 10:00 65s\s+error-burst\s+error\s+checkout\s+connection refused.*…$", all.Lines[2]);
        Assert.Matches(@"^11-30 10:00 1s\s+new-template\s+warn\s+checkout\s+new message", all.Lines[3]);
        Assert.Equal(["burst-1"], bursts.Select(finding => finding.GetProperty("id").GetString()));
        Assert.Equal(["burst-1"], errors.Select(finding => finding.GetProperty("id").GetString()));
        Assert.Equal(stored.BillingIncident, Assert.Single(billing).GetProperty("incidentId").GetString());
    }

    [Fact]
    public async Task Incidents_list_title_state_first_and_last_seen_and_finding_count_in_80_columns()
    {
        var run = await stored.Cli.IncidentsAsync(new IncidentsCommand.Settings());
        var open = await Items(stored.Cli.IncidentsAsync(new IncidentsCommand.Settings { Status = "open", Json = true }));

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertFits(run);
        Assert.Equal(3, run.Lines.Length);
        Assert.Matches(@"^id\s+state\s+findings\s+seen \(UTC\)\s+title$", run.Lines[0]);
        Assert.Matches($@"^{stored.BillingIncident}\s+resolved\s+1\s+11-30 10:00–13:00\s+\S", run.Lines[1]);
        Assert.Matches($@"^{stored.CheckoutIncident}\s+open\s+2\s+11-30 10:00–10:01\s+\S", run.Lines[2]);
        Assert.Equal([stored.CheckoutIncident], open.Select(incident => incident.GetProperty("id").GetString()));
        Assert.Equal(2, open[0].GetProperty("findingCount").GetInt32());
    }

    [Fact]
    public async Task Incident_show_prints_its_facts_resolution_and_findings()
    {
        var run = await stored.Cli.ShowAsync(new IncidentShowCommand.Settings { Id = stored.BillingIncident });
        var open = await stored.Cli.ShowAsync(new IncidentShowCommand.Settings { Id = stored.CheckoutIncident });

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertFits(run);
        AssertFits(open);
        Assert.Contains(stored.BillingIncident, run.Lines[0], StringComparison.Ordinal);
        Assert.Contains(run.Lines, line => line.StartsWith("state", StringComparison.Ordinal) && line.EndsWith("resolved, warn", StringComparison.Ordinal));
        Assert.Contains(run.Lines, line => line.StartsWith("first seen", StringComparison.Ordinal) && line.EndsWith("2026-11-30 10:00:00 UTC", StringComparison.Ordinal));
        Assert.Contains(run.Lines, line => line.StartsWith("last seen", StringComparison.Ordinal) && line.EndsWith("2026-11-30 13:00:00 UTC", StringComparison.Ordinal));
        Assert.Contains($"2026-11-30 14:00:00 UTC: {StoredRows.Resolution}", string.Join(" ", run.Lines.Select(line => line.Trim())), StringComparison.Ordinal);
        Assert.Contains(run.Lines, line => line.Contains("rate-change", StringComparison.Ordinal) && line.Contains("billing rate fell", StringComparison.Ordinal));
        var tried = run.Lines.SkipWhile(line => !line.StartsWith("reported (UTC)", StringComparison.Ordinal)).ToArray();
        Assert.Matches(@"^11-30 13:30\s+upstream-dependency-down\s+worked\s+the ledger service.*…$", tried[1]);
        Assert.Matches(@"^11-30 13:00\s+connection-pool-exhausted\s+did-not-work$", tried[2]);
        Assert.Contains(open.Lines, line => line.StartsWith("resolution", StringComparison.Ordinal) && line.Contains("not resolved yet", StringComparison.Ordinal));
        Assert.Contains(open.Lines, line => line.StartsWith("No root cause has been reported as tried yet", StringComparison.Ordinal));
        Assert.Contains(open.Lines, line => line.Contains("error-burst", StringComparison.Ordinal));
        Assert.Contains(open.Lines, line => line.Contains("new-template", StringComparison.Ordinal));
        var title = (await stored.Cli.Storage.GetRequiredService<IncidentRepository>().GetAsync(stored.CheckoutIncident))!.Title;
        // A title longer than the column wraps onto the next lines.
        Assert.Contains($"title {title}", Regex.Replace(open.Output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incident_show_as_json_is_the_api_shape_and_an_unknown_id_is_an_error()
    {
        var run = await stored.Cli.ShowAsync(new IncidentShowCommand.Settings { Id = stored.CheckoutIncident, Json = true });
        var missing = await stored.Cli.ShowAsync(new IncidentShowCommand.Settings { Id = "inc-00000000" });

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("open", json.RootElement.GetProperty("incident").GetProperty("status").GetString());
        Assert.Equal(["burst-1", "new-1"], json.RootElement.GetProperty("findings").EnumerateArray().Select(finding => finding.GetProperty("id").GetString()).Order());
        Assert.Equal(0, json.RootElement.GetProperty("feedback").GetArrayLength());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no incident has id 'inc-00000000'", missing.Errors, StringComparison.Ordinal);
    }

    /// <summary>Every line but the "More" line, which keeps its cursor whole to be copied, fits the width.</summary>
    private static void AssertFits(CliRun run) =>
        Assert.True(
            run.Lines.Where(line => !line.StartsWith("More: add --cursor ", StringComparison.Ordinal)).All(line => line.Length <= StoredDataCli.Width),
            $"a line is wider than {StoredDataCli.Width} columns:\n{run}");

    private static async Task<List<JsonElement>> Items(Task<CliRun> running)
    {
        var run = await running;
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Output).RootElement.GetProperty("items").EnumerateArray().ToList();
    }
}
