using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Storage.Audit;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace FaultMaven.Cli.Tests;

/// <summary>
/// Rows whose text carries terminal control sequences, stored through the repositories the worker and the API write
/// with: a log line, a finding and the incident it opened (resolved with such a text, as <c>POST /incidents/{id}/resolve</c>
/// stores it), feedback, a dead letter's reason and an audit entry.
/// </summary>
public sealed class HostileRows : IAsyncLifetime
{
    /// <summary>
    /// What an attacker who can write a log line (or an API text) would send a terminal: a window title (OSC ... BEL), a
    /// screen clear and a colour (ESC CSI), a C1 CSI asking the terminal to answer, DEL and a bell. PostgreSQL's text
    /// refuses NUL, so NUL is only in the files.
    /// </summary>
    public const string Text = "\u001b]0;pwned-title\u0007 \u001b[2J\u001b[31mred\u001b[0m \u009b6n del\u007f bell\u0007";

    private readonly PostgresFixture postgres = new();

    internal StoredDataCli Cli { get; private set; } = null!;

    public string Incident { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        Cli = new StoredDataCli(postgres.ConnectionString);
        var at = new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);
        var log = new LogEvent(at, "hostile", "web", "host-1", Severity.Error, Text, new Dictionary<string, string>(), new RawOffset(Topics.Raw, 0, 1));
        await Cli.Storage.GetRequiredService<LogRepository>().InsertAsync([log]);
        await Cli.Storage.GetRequiredService<DeadLetterRepository>().InsertAsync([new DeadLetter(Text, "normalize", "hostile", new RawOffset(Topics.Raw, 0, 2), [0x1b, 0x00, 0x07], at)]);
        var finding = new Finding("hostile-1", NewTemplateDetector.Kind, Severity.Error, "hostile", "web", at, at.AddMinutes(1), Text, 1, null, 1.0, null, [Text], [Text], [log.Raw]);
        Incident = (await Cli.Storage.GetRequiredService<FindingFiler>().FileAsync([finding]))["hostile-1"];
        Assert.True(await Cli.Storage.GetRequiredService<IncidentRepository>().ResolveAsync(Incident, Text, at.AddHours(1)));
        await Cli.Storage.GetRequiredService<FeedbackRepository>().RecordAsync(new FeedbackEntry(Guid.CreateVersion7(), Incident, "disk-full", FeedbackOutcomes.Worked, Text, at.AddHours(1)));
        await Cli.Storage.GetRequiredService<AuditLog>().AppendAsync(new AuditEntry(Text, "auth.login", "token", "failure") { Details = new Dictionary<string, string> { ["user"] = Text } });
    }

    public async Task DisposeAsync()
    {
        await Cli.DisposeAsync();
        await postgres.DisposeAsync();
    }
}

/// <summary>
/// Every <c>fm</c> command that prints logged, analysed or stored text, run as the real binary on text carrying
/// ESC, OSC, BEL, NUL, C1 and DEL: none of them reaches its output raw (where a terminal would set its title, clear
/// the screen or answer), each is written as <c>\xHH</c> by the one rule fm uses everywhere (<see cref="ControlCharacters"/>).
/// </summary>
public sealed class TerminalOutputTests(HostileRows stored) : IClassFixture<HostileRows>, IDisposable
{
    /// <summary>
    /// An escaped ESC in the output, which shows the text was printed, not left out: of the window title, or of the colour
    /// where template mining made the title's word (it holds a BEL) a wildcard, as the miner does with words holding
    /// control characters (decision 25). A table's narrowest column keeps this much.
    /// </summary>
    private const string EscapedEscape = @"\x1B";

    private readonly string folder = Directory.CreateTempSubdirectory("fm-terminal-").FullName;

    public static TheoryData<string[]> StoredDataCommands => new()
    {
        new[] { "logs" },
        new[] { "findings" },
        new[] { "deadletters" },
        new[] { "incidents" },
        new[] { "incidents", "show", "{incident}" },
        new[] { "audit", "list" },
    };

    [Theory]
    [MemberData(nameof(StoredDataCommands))]
    public void A_stored_text_is_printed_with_its_control_characters_escaped(string[] arguments)
    {
        var result = FmCommand.Run(stored.Cli.Environment, [.. arguments.Select(argument => argument.Replace("{incident}", stored.Incident, StringComparison.Ordinal))]);

        AssertEscaped(result);
    }

    [Fact]
    public void Fm_analyze_prints_findings_and_evidence_of_a_hostile_log_with_their_control_characters_escaped()
    {
        var input = Path.Combine(folder, "hostile.log");
        File.WriteAllLines(input, Enumerable.Range(0, 6).Select(i => $"2026-12-01T14:00:0{i}Z ERROR {HostileRows.Text} nul\0byte cleared\roverwritten {i}"));

        AssertEscaped(FmCommand.Run(new Dictionary<string, string>(), "analyze", input));
    }

    [Fact]
    public void Fm_detect_prints_session_ids_matched_in_a_hostile_log_with_their_control_characters_escaped()
    {
        // The pattern takes everything up to a space, so each session id carries an ESC sequence and a BEL.
        var input = SessionLogs.Write(Path.Combine(folder, "sessions.log"), "req-\u001b]0;pwned-title\u0007");

        var result = FmCommand.Run(new Dictionary<string, string>(), "detect", input, "--session", @"req-\S+", "--format", SessionLogs.Format);

        AssertEscaped(result);
        Assert.Contains(@"req-\x1B]0;pwned-title\x07901", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Fm_admin_list_prints_a_stored_account_name_with_its_control_characters_escaped()
    {
        var created = FmCommand.Run(stored.Cli.Environment, "admin", "create-user", $"eve{HostileRows.Text}", "--role", "viewer");
        Assert.True(created.ExitCode == 0, created.Output);

        AssertEscaped(FmCommand.Run(stored.Cli.Environment, "admin", "list"));
    }

    [Fact]
    public void An_error_quoting_a_value_is_written_with_its_control_characters_escaped()
    {
        var result = FmCommand.Run(stored.Cli.Environment, "incidents", "show", $"inc-{HostileRows.Text}");

        AssertEscaped(result, exitCode: 1);
        Assert.Contains("no incident has id", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// The run ended with <paramref name="exitCode"/> and wrote the hostile text escaped; nothing it wrote is a control character but a line feed or
    /// a tab. Spectre.Console writes no escape sequence of its own to a redirected output, so any there came from the text.
    /// </summary>
    private static void AssertEscaped(FmResult result, int exitCode = 0)
    {
        Assert.True(result.ExitCode == exitCode, result.Output);
        var raw = result.Output.Where(c => c is (< ' ' and not '\n' and not '\t') or (>= '\u007f' and <= '\u009f')).Distinct().Select(c => $"U+{(int)c:X4}").ToList();
        Assert.True(raw.Count == 0, $"raw control characters {string.Join(", ", raw)} in:\n{result.Output}");
        Assert.Contains(EscapedEscape, result.Output, StringComparison.Ordinal);
    }
}
