using System.Text.Json;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Cli.Commands;
using FaultMaven.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Tests;

/// <summary>Runs <see cref="AnalyzeCommand"/> in-process on a small incident and checks what it prints.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fm-analyze-").FullName;

    [Fact]
    public async Task Json_output_has_findings_and_suggestions_sorted_best_first_with_evidence_steps_and_commands()
    {
        var (exitCode, output, _) = await RunAsync(new AnalyzeCommand.Settings { Files = [WriteIncident()], Json = true });

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Array, root.GetProperty("findings").ValueKind);
        var suggestions = root.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Equal("disk-full", suggestions[0].GetProperty("rootCause").GetString());
        var confidences = suggestions.Select(suggestion => suggestion.GetProperty("confidence").GetDouble()).ToList();
        Assert.Equal(confidences.OrderDescending(), confidences);
        Assert.All(suggestions, suggestion =>
        {
            Assert.False(string.IsNullOrEmpty(suggestion.GetProperty("title").GetString()));
            Assert.NotEmpty(suggestion.GetProperty("steps").EnumerateArray());
            Assert.NotEmpty(suggestion.GetProperty("commands").EnumerateArray());
            Assert.NotEmpty(suggestion.GetProperty("evidence").EnumerateArray());
        });
        var evidence = suggestions[0].GetProperty("evidence")[0];
        Assert.Contains("No space left on device", evidence.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("incident.log", evidence.GetProperty("raw").GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Standard_input_is_read_for_a_dash_and_tables_are_printed_without_json()
    {
        var (exitCode, output, _) = await RunAsync(new AnalyzeCommand.Settings { Files = [AnalyzeCommand.StandardInput] }, File.ReadAllText(WriteIncident()));

        Assert.Equal(0, exitCode);
        Assert.Contains("disk-full", output, StringComparison.Ordinal);
        Assert.Contains("Next steps", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_fails_validation_with_its_name()
    {
        var result = new AnalyzeCommand.Settings { Files = ["/nonexistent/app.log"] }.Validate();

        Assert.False(result.Successful);
        Assert.Contains("/nonexistent/app.log", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_knowledge_folder_file_is_reported_with_file_and_line()
    {
        var knowledge = Directory.CreateDirectory(Path.Combine(directory, "kb")).FullName;
        File.WriteAllText(Path.Combine(knowledge, "bad.yaml"), "version: 1\nrootCauses:\n  - id: Bad Id\n");

        var (exitCode, _, errors) = await RunAsync(new AnalyzeCommand.Settings { Files = [WriteIncident()], Knowledge = [knowledge] });

        Assert.Equal(1, exitCode);
        Assert.Contains("bad.yaml:3", errors.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_the_table_leaves_out_are_counted_with_how_to_see_them()
    {
        var now = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var findings = Enumerable.Range(0, 13)
            .Select(i => new Finding($"f{i}", "error-burst", Severity.Error, "app", null, now, now, $"finding {i}", 5, null, 1, null, [], [], []))
            .ToList();
        var answer = new AgentResponse(RequestKind.Logs, [], findings, "diagnosis", [], [], [], [], 100, 0, new LineTally(100, 100, 0, 0, 0));
        using var output = new StringWriter();

        AnalyzeReport.Write(answer, AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Out = new AnsiConsoleOutput(output) }));

        Assert.Contains("13 findings", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("and 3 more findings, less severe: fm analyze --json lists every one", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string WriteIncident()
    {
        var path = Path.Combine(directory, "incident.log");
        File.WriteAllLines(path,
        [
            "2024-05-01T03:10:00Z INFO checkpoint complete",
            "2024-05-01T03:14:02Z ERROR could not extend file \"base/16384/24611.3\": No space left on device",
            "2024-05-01T03:14:05Z ERROR could not write to file \"pg_wal/xlogtemp.31\": No space left on device",
            "2024-05-01T03:14:06Z INFO connection received: host=10.0.2.31",
        ]);
        return path;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(AnalyzeCommand.Settings settings, string input = "")
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var command = new AnalyzeCommand(output, errors, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input)));
        var exitCode = await command.ExecuteAsync(new CommandContext([], NoRemainingArguments.Instance, "analyze", null), settings, CancellationToken.None);
        return (exitCode, output.ToString(), errors.ToString());
    }
}
