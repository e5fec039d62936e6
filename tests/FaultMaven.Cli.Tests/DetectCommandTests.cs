using FaultMaven.Testing.Processes;
using System.Diagnostics;

namespace FaultMaven.Cli.Tests;

/// <summary>Runs the real <c>fm</c> entry point in a child process on a small synthetic log.</summary>
public sealed class DetectCommandTests : IDisposable
{
    private const string Format = SessionLogs.Format;
    private readonly string directory = Directory.CreateTempSubdirectory("fm-detect-").FullName;

    [Fact]
    public void Detect_prints_the_sessions_that_break_the_normal_pattern_with_their_scores()
    {
        var input = WriteLog();
        var output = Path.Combine(directory, "pred.txt");

        var (exitCode, _, standardError) = RunFm("detect", input, "--session", @"req-\d+", "--format", Format, "--out", output, "--scores");

        Assert.True(exitCode == 0, standardError);
        var rows = File.ReadAllLines(output).Select(line => line.Split(' ')).ToList();
        Assert.Equal(["req-900", "req-901"], rows.Select(row => row[0]).Order());
        Assert.All(rows, row => Assert.True(double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.Contains("sessions", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_without_a_session_pattern_fails_with_a_clear_message()
    {
        var (exitCode, standardOutput, standardError) = RunFm("detect", WriteLog());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--session is required", standardOutput + standardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_reports_when_no_line_names_a_session()
    {
        var (exitCode, _, standardError) = RunFm("detect", WriteLog(), "--session", @"trace-[0-9a-f]{32}", "--format", Format);

        Assert.Equal(1, exitCode);
        Assert.Contains("no line contains a session id", standardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>300 requests that start and finish, one that never finishes (req-900) and one that fails (req-901).</summary>
    private string WriteLog() => SessionLogs.Write(Path.Combine(directory, "app.log"));

    private static (int ExitCode, string StandardOutput, string StandardError) RunFm(params string[] arguments)
    {
        var result = FmCommand.Run(new Dictionary<string, string>(), arguments);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
