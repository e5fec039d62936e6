using Dapper;
using DbUp;
using DbUp.Engine;
using FaultMaven.Storage.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>
/// Creates the database if it is missing, applies the embedded <c>Migrations/*.sql</c> scripts not yet applied,
/// grants the services' roles their privileges (<c>ServiceRoles.sql</c>), and records what it applied in the audit log.
/// Run as the tables' owner (<c>fm migrate</c>); the services only check that nothing is pending (<see cref="EnsureCurrentAsync"/>).
/// </summary>
public sealed class DatabaseMigrator(IOptions<PostgresOptions> options, ILoggerFactory loggerFactory)
{
    // Any constant works, as long as every FaultMaven process uses the same one.
    private const long MigrationLockKey = 0x46_61_75_6C_74_4D_61_76; // "FaultMav"

    private const string MaintenanceDatabase = "postgres";

    /// <summary>Applies pending migrations, waiting for any other process migrating the same database.</summary>
    /// <returns>The names of the scripts this call applied; empty when the schema was already current.</returns>
    /// <exception cref="DatabaseMigrationException">The server is unreachable, the database cannot be created, or a script failed.</exception>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var target = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        var where = $"{target.Host}:{target.Port}/{target.Database}";
        try
        {
            await EnsureDatabaseAsync(target, cancellationToken);
            await using var lockHolder = await OpenUnpooledAsync(target, target.Database, cancellationToken);
            await lockHolder.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_lock(@MigrationLockKey)", new { MigrationLockKey }, cancellationToken: cancellationToken));
            var result = Upgrader(target.ConnectionString).PerformUpgrade();
            if (!result.Successful)
            {
                throw new DatabaseMigrationException(
                    $"Migration {result.ErrorScript?.Name} failed on PostgreSQL {where}: {result.Error.Message}", result.Error);
            }

            await lockHolder.ExecuteAsync(new CommandDefinition(ServiceRolesSql.Value, cancellationToken: cancellationToken));
            var applied = result.Scripts.Select(script => script.Name).ToList();
            if (applied.Count > 0)
            {
                await AuditAsync(target.ConnectionString, where, applied, cancellationToken);
            }

            return applied;
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseMigrationException($"Cannot migrate PostgreSQL {where}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Checks that every embedded migration has been applied, reading only the journal (table <c>schemaversions</c>), so a
    /// service connected as its own role (which may not change the schema) starts only on a current schema.
    /// </summary>
    /// <exception cref="DatabaseMigrationException">The server is unreachable, or migrations are pending (named, with what to run).</exception>
    public Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        var target = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        var where = $"{target.Host}:{target.Port}/{target.Database}";
        return Task.Run(
            () =>
            {
                List<string> pending;
                try
                {
                    pending = Upgrader(target.ConnectionString).GetScriptsToExecute().Select(script => script.Name).ToList();
                }
                catch (NpgsqlException e)
                {
                    throw new DatabaseMigrationException($"Cannot read the migrations applied to PostgreSQL {where}: {e.Message}", e);
                }

                if (pending.Count > 0)
                {
                    throw new DatabaseMigrationException(
                        $"PostgreSQL {where} lacks {pending.Count} migration(s) ({string.Join(", ", pending)}): run `fm migrate` with the tables' "
                        + $"owner's connection string first (user {target.Username} is a service's role, which may not change the schema).");
                }
            },
            cancellationToken);
    }

    private static readonly Lazy<string> ServiceRolesSql = new(() =>
    {
        using var stream = typeof(DatabaseMigrator).Assembly.GetManifestResourceStream("FaultMaven.Storage.ServiceRoles.sql")
            ?? throw new InvalidOperationException("ServiceRoles.sql is not embedded in FaultMaven.Storage");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static async Task AuditAsync(string connectionString, string where, IReadOnlyList<string> applied, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new AuditLog(dataSource, TimeProvider.System).AppendAsync(
            new AuditEntry("system:migrator", "schema.migrate", where, "success")
            {
                Details = new Dictionary<string, string> { ["scripts"] = string.Join(", ", applied), ["host"] = Environment.MachineName },
            },
            cancellationToken);
    }

    private UpgradeEngine Upgrader(string connectionString) =>
        DeployChanges.To.PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains(".Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogTo(loggerFactory)
            .Build();

    private static async Task EnsureDatabaseAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = await OpenUnpooledAsync(target, target.Database, cancellationToken);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
        }

        await using var maintenance = await OpenUnpooledAsync(target, MaintenanceDatabase, cancellationToken);
        try
        {
            var name = target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal);
            await maintenance.ExecuteAsync(new CommandDefinition($"CREATE DATABASE \"{name}\"", cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process created it since our probe; a simultaneous CREATE reports the unique violation in pg_database.
        }
    }

    // Unpooled, so that closing really ends the session, and with it the advisory lock.
    private static async Task<NpgsqlConnection> OpenUnpooledAsync(
        NpgsqlConnectionStringBuilder target, string? database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = database, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

public sealed class DatabaseMigrationException : Exception
{
    public DatabaseMigrationException(string message)
        : base(message)
    {
    }

    public DatabaseMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
