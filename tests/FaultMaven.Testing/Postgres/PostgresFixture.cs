using FaultMaven.Identity;
using FaultMaven.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace FaultMaven.Testing.Postgres;

/// <summary>
/// A fresh database on the run's <see cref="PostgresServer"/>, migrated as <c>fm migrate</c> does (the identity store, then
/// <see cref="DatabaseMigrator"/> with the services' grants), with connection strings for the owner and for the
/// services' roles; dropped on dispose.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private NpgsqlDataSource? dataSource;
    private NpgsqlConnectionStringBuilder? server;

    /// <summary>The tables' owner: what migrations, <c>fm</c> and tests that inspect or tamper with rows use.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Role <c>faultmaven_api</c> on this database: what an API under test connects as.</summary>
    public string ApiConnectionString { get; private set; } = "";

    /// <summary>Role <c>faultmaven_worker</c> on this database: what a worker under test connects as.</summary>
    public string WorkerConnectionString { get; private set; } = "";

    /// <summary>The scripts the first migration of this database applied.</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    public NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync()
    {
        server = new NpgsqlConnectionStringBuilder(await PostgresServer.ConnectionStringAsync());
        var database = NewDatabaseName();
        ConnectionString = ConnectionStringFor(database);
        var (api, worker) = await PostgresServer.ServiceRolesAsync();
        ApiConnectionString = new NpgsqlConnectionStringBuilder(api) { Database = database }.ConnectionString;
        WorkerConnectionString = new NpgsqlConnectionStringBuilder(worker) { Database = database }.ConnectionString;
        await IdentityStoreServiceCollectionExtensions.MigrateIdentityStoreAsync(ConnectionString);
        AppliedMigrations = await CreateMigrator(ConnectionString).MigrateAsync();
        dataSource = NpgsqlDataSource.Create(ConnectionString);
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

    public async Task DropDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private NpgsqlConnectionStringBuilder Server => server ?? throw new InvalidOperationException("the fixture is not initialized");
}
