using System.Text.RegularExpressions;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;

namespace FaultMaven.Cli.Tests;

/// <summary>
/// The tables of <c>fm keys status</c>, <c>fm admin list</c> and <c>fm analyze</c>, printed by the real fm with
/// COLUMNS=80 and filled with long names, fit 80 columns (what an operator's terminal or a pasted ticket shows).
/// </summary>
public sealed class TableWidthTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private const string LongName = "checkout-payments-gateway-ingest-client-eu-west-1-production";

    private readonly string home = Directory.CreateTempSubdirectory("fm-columns-").FullName;

    [Fact]
    public void Keys_status_fits_80_columns_with_a_long_key_id_active()
    {
        var keyFile = Path.Combine(home, "keys.json");
        new KeyFile(LongName, new Dictionary<string, string>
        {
            [LongName] = Convert.ToBase64String(new byte[KeyRing.KeySize]),
            ["old-" + LongName] = Convert.ToBase64String(new byte[KeyRing.KeySize]),
        }).Write(keyFile);

        var result = Fm(("FAULTMAVEN__ENCRYPTION__KEYFILE", keyFile), "keys", "status");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("key id", result.StandardOutput, StringComparison.Ordinal);
        RunningInstanceTests.AssertOwnOutputWithin80Columns(result);
    }

    [Fact]
    public void Admin_list_fits_80_columns_with_a_long_client_name_and_every_role()
    {
        var created = Fm(null, "admin", "create-client", LongName, "--role", "viewer");
        Assert.True(created.ExitCode == 0, created.Output);
        foreach (var role in new[] { "responder", "admin" })
        {
            var granted = Fm(null, "admin", "grant", LongName, role);
            Assert.True(granted.ExitCode == 0, granted.Output);
        }

        var result = Fm(null, "admin", "list");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("created", result.StandardOutput, StringComparison.Ordinal);
        RunningInstanceTests.AssertOwnOutputWithin80Columns(result);
    }

    [Fact]
    public void Analyze_fits_80_columns_with_long_log_lines_findings_and_suggested_commands()
    {
        var incident = Path.Combine(home, "incident.log");
        var path = "/var/lib/postgresql/16/main/base/16384/" + string.Concat(Enumerable.Repeat("24611", 12));
        File.WriteAllLines(incident,
        [
            "2024-05-01T03:10:00Z INFO checkpoint complete",
            $"2024-05-01T03:14:02Z ERROR {LongName} could not extend file \"{path}\": No space left on device",
            $"2024-05-01T03:14:05Z ERROR {LongName} could not write to file \"{path}.tmp\": No space left on device",
            "2024-05-01T03:14:06Z INFO connection received: host=10.0.2.31",
        ]);

        var result = FmCommand.Run(new Dictionary<string, string> { ["COLUMNS"] = "80" }, "analyze", incident);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Next steps", result.StandardOutput, StringComparison.Ordinal);
        var lines = result.StandardOutput.Split('\n');
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^─* ?#1 \(\d+ %\) disk-full"));
        // Every command the suggestions give is printed whole on one line, to be copied as it is.
        var commands = Enumerable.Range(0, lines.Length - 1).Where(i => lines[i].StartsWith("  $ ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, i => Assert.Matches(@"^    [\w .-]+: \S", lines[i + 1]));
        RunningInstanceTests.AssertOwnOutputWithin80Columns(result, unwrapped: line => line.StartsWith("  $ ", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(home, recursive: true);

    private FmResult Fm((string Name, string Value)? setting, params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["FAULTMAVEN_HOME"] = home,
            ["COLUMNS"] = "80",
            ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = postgres.ConnectionString,
        };
        if (setting is var (name, value))
        {
            environment[name] = value;
        }

        return FmCommand.Run(environment, arguments);
    }
}
