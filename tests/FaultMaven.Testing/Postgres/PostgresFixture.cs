using FaultMaven.Identity;
using FaultMaven.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;
using Xunit;

namespace FaultMaven.Testing.Postgres;

/// <summary>
/// A fresh database on the run's <see cref="PostgresServer"/>, migrated as <c>fm migrate</c> does (the identity store, then
/// <see cref="DatabaseMigrator"/> with the services' grants), with connection strings for the owner and for the
/// services' roles; dropped on dispose. Each is a copy (<c>CREATE DATABASE … TEMPLATE</c>) of one database per test
/// process that was migrated that way, so an assembly that starts dozens of fixtures migrates once.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<MigratedTemplate>> Template = new(MigrateTemplateAsync);
    private NpgsqlDataSource? dataSource;
    private NpgsqlConnectionStringBuilder? server;

    /// <summary>The tables' owner: what migrations, <c>fm</c> and tests that inspect or tamper with rows use.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Role <c>faultmaven_api</c> on this database: what an API under test connects as.</summary>
    public string ApiConnectionString { get; private set; } = "";

    /// <summary>Role <c>faultmaven_worker</c> on this database: what a worker under test connects as.</summary>
    public string WorkerConnectionString { get; private set; } = "";

    /// <summary>The scripts the first migration of this database applied (of the template it is a copy of).</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    public NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync()
    {
        server = new NpgsqlConnectionStringBuilder(await PostgresServer.ConnectionStringAsync());
        var template = await Template.Value;
        var database = NewDatabaseName();
        ConnectionString = ConnectionStringFor(database);
        var (api, worker) = await PostgresServer.ServiceRolesAsync();
        ApiConnectionString = new NpgsqlConnectionStringBuilder(api) { Database = database }.ConnectionString;
        WorkerConnectionString = new NpgsqlConnectionStringBuilder(worker) { Database = database }.ConnectionString;
        // A database's own privileges live in the server's catalog, not in the copied files: granted again, as ServiceRoles.sql does.
        await ExecuteOnServerAsync(
            $"CREATE DATABASE \"{database}\" TEMPLATE \"{template.Database}\"",
            $"GRANT CONNECT, TEMPORARY ON DATABASE \"{database}\" TO faultmaven_api, faultmaven_worker");
        AppliedMigrations = template.AppliedMigrations;
        dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    private static async Task<MigratedTemplate> MigrateTemplateAsync()
    {
        var database = $"fm_template_{Guid.NewGuid():N}";
        // Unpooled, so that no session stays on the template: PostgreSQL copies only a database nobody is connected to.
        var owner = await PostgresServer.ConnectionStringAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(owner) { Database = database, Pooling = false }.ConnectionString;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate(owner, database);
        await IdentityStoreServiceCollectionExtensions.MigrateIdentityStoreAsync(connectionString);
        return new MigratedTemplate(database, await CreateMigrator(connectionString).MigrateAsync());
    }

    // On a server of the developer's ($FAULTMAVEN_TEST_POSTGRES) the template would stay; a private server is deleted
    // by then, and with it the template, so a refused connection means there is nothing left to drop.
    private static void DropTemplate(string owner, string database)
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(owner) { Pooling = false }.ConnectionString);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
        }
    }

    public async Task DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
            await DropDatabaseAsync(new NpgsqlConnectionStringBuilder(ConnectionString).Database!);
        }
    }

    public static string NewDatabaseName() => $"fm_test_{Guid.NewGuid():N}";

    /// <summary>A connection string for another database on the same server, which need not exist yet.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = database }.ConnectionString;

    public static DatabaseMigrator CreateMigrator(string connectionString) =>
        new(Options.Create(new PostgresOptions { ConnectionString = connectionString }), NullLoggerFactory.Instance);

    /// <summary>
    /// Drops <paramref name="database"/> and ends its sessions. The owner may end the sessions of the services' roles
    /// (scripts/lib/postgres.sh makes it a member of them) but not an autovacuum worker's, whose session has no role at
    /// all: PostgreSQL then refuses with 42501, "must be a member of the role whose process is being terminated" (seen in
    /// CI after a test that changed many rows). A worker ends on its own within moments, so a refusal is tried again
    /// every 250 ms for up to <paramref name="patience"/> (default 30 s); after that the database is left to the test
    /// server, which is deleted with the run, instead of failing a test that passed. No test can start an autovacuum
    /// worker on demand, so the retry itself is not under test.
    /// </summary>
    /// <returns>True if the database is gone; false if it was left in place (the reason is written to standard error).</returns>
    public async Task<bool> DropDatabaseAsync(string database, TimeSpan? patience = null)
    {
        var retryDelay = TimeSpan.FromMilliseconds(250);
        var refusals = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<PostgresException>(IsRefused),
                BackoffType = DelayBackoffType.Constant,
                Delay = retryDelay,
                MaxRetryAttempts = Math.Max(1, (int)((patience ?? TimeSpan.FromSeconds(30)) / retryDelay)),
            })
            .Build();
        try
        {
            await refusals.ExecuteAsync(async _ => await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"));
            return true;
        }
        catch (PostgresException exception) when (IsRefused(exception))
        {
            Console.Error.WriteLine($"test database {database} left in place: {exception.MessageText}");
            return false;
        }
    }

    private static bool IsRefused(PostgresException exception) => exception.SqlState == PostgresErrorCodes.InsufficientPrivilege;

    /// <summary>Runs <paramref name="statements"/> in turn on the server's own database (the one the owner's connection string names).</summary>
    private async Task ExecuteOnServerAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private NpgsqlConnectionStringBuilder Server => server ?? throw new InvalidOperationException("the fixture is not initialized");

    /// <summary>The migrated database fixtures copy, and the scripts its migration applied.</summary>
    private sealed record MigratedTemplate(string Database, IReadOnlyList<string> AppliedMigrations);
}
