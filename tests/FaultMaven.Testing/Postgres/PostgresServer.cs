using System.Diagnostics;

namespace FaultMaven.Testing.Postgres;

/// <summary>
/// The PostgreSQL server of this test run: <c>$FAULTMAVEN_TEST_POSTGRES</c> (the owner's connection string) with
/// <c>$FAULTMAVEN_TEST_POSTGRES_API</c> and <c>$FAULTMAVEN_TEST_POSTGRES_WORKER</c> (the services' login roles) if set,
/// otherwise a private server started once with scripts/lib/postgres.sh in a temporary folder, stopped and deleted when
/// the process exits.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "FAULTMAVEN_TEST_POSTGRES";
    public const string ApiEnvironmentVariable = "FAULTMAVEN_TEST_POSTGRES_API";
    public const string WorkerEnvironmentVariable = "FAULTMAVEN_TEST_POSTGRES_WORKER";

    // Durability does not matter for a throwaway server; speed does.
    private const string ThrowawaySettings = "fsync = off\nsynchronous_commit = off\nfull_page_writes = off";

    private static readonly Lazy<Task<Logins>> Server = new(StartAsync);

    /// <summary>An Npgsql connection string for a role that may create databases: the owner of the tables it migrates.</summary>
    public static async Task<string> ConnectionStringAsync() => (await Server.Value).Owner;

    /// <summary>
    /// Npgsql connection strings (database <c>faultmaven</c>: replace it) of the login roles <c>faultmaven_api</c> and
    /// <c>faultmaven_worker</c>, whose privileges <see cref="FaultMaven.Storage.DatabaseMigrator"/> grants in each database.
    /// </summary>
    public static async Task<(string Api, string Worker)> ServiceRolesAsync()
    {
        var logins = await Server.Value;
        return (logins.Api, logins.Worker);
    }

    private sealed record Logins(string Owner, string Api, string Worker);

    private static async Task<Logins> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var api = Environment.GetEnvironmentVariable(ApiEnvironmentVariable);
            var worker = Environment.GetEnvironmentVariable(WorkerEnvironmentVariable);
            return string.IsNullOrWhiteSpace(api) || string.IsNullOrWhiteSpace(worker)
                ? throw new InvalidOperationException(
                    $"{EnvironmentVariable} is set but {ApiEnvironmentVariable} or {WorkerEnvironmentVariable} is not: the services' login roles "
                    + "faultmaven_api and faultmaven_worker (scripts/lib/postgres.sh creates them; scripts/test.sh sets all three).")
                : new Logins(configured, api, worker);
        }

        if (!Directory.Exists("/usr/lib/postgresql") || Directory.GetFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Length == 0)
        {
            throw new InvalidOperationException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/test.sh, which installs it, "
                + $"or set {EnvironmentVariable} to an Npgsql connection string for a server where this role may CREATE DATABASE.");
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), $"faultmaven-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..36]);
        var output = await RunScriptAsync(
            """fm_pg_start "$1" && printf '%s\n' "$FAULTMAVEN__POSTGRES__CONNECTIONSTRING" "$FAULTMAVEN_PG_API_CONNECTIONSTRING" "$FAULTMAVEN_PG_WORKER_CONNECTIONSTRING" """,
            dataDirectory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(dataDirectory);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new Logins(lines[0], lines[1], lines[2]);
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
