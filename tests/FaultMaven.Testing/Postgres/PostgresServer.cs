using System.Diagnostics;

namespace FaultMaven.Testing.Postgres;

/// <summary>
/// The PostgreSQL server of this test run: <c>$FAULTMAVEN_TEST_POSTGRES</c> if set, otherwise a private server
/// started once with scripts/lib/postgres.sh in a temporary folder, stopped and deleted when the process exits.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "FAULTMAVEN_TEST_POSTGRES";

    // Durability does not matter for a throwaway server; speed does.
    private const string ThrowawaySettings = "fsync = off\nsynchronous_commit = off\nfull_page_writes = off";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>An Npgsql connection string for a role that may create databases.</summary>
    public static Task<string> ConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (!Directory.Exists("/usr/lib/postgresql") || Directory.GetFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Length == 0)
        {
            throw new InvalidOperationException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/test.sh, which installs it, "
                + $"or set {EnvironmentVariable} to an Npgsql connection string for a server where this role may CREATE DATABASE.");
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), $"faultmaven-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..36]);
        var connectionString = await RunScriptAsync(
            """fm_pg_start "$1" && printf %s "$FAULTMAVEN__POSTGRES__CONNECTIONSTRING" """, dataDirectory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(dataDirectory);
        return connectionString;
    }

    private static void Stop(string dataDirectory) =>
        RunScriptAsync("""fm_pg_remove "$1" """, dataDirectory).GetAwaiter().GetResult();

    private static async Task<string> RunScriptAsync(string command, string dataDirectory)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["FM_PG_EXTRA_SETTINGS"] = ThrowawaySettings },
        };
        foreach (var argument in new[] { "-c", $"source \"$0\" && {command}", ScriptPath.Value, dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/lib/postgres.sh failed ({command.Trim()}, exit {process.ExitCode}):\n{await errors}");
        }

        return await output;
    }

    private static readonly Lazy<string> ScriptPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "lib", "postgres.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("scripts/lib/postgres.sh not found above " + AppContext.BaseDirectory);
    });
}
