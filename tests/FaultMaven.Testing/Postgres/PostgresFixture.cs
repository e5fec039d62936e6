using FaultMaven.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace FaultMaven.Testing.Postgres;

/// <summary>A fresh database, created and migrated by <see cref="DatabaseMigrator"/>, on the run's <see cref="PostgresServer"/>; dropped on dispose.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private NpgsqlDataSource? dataSource;
    private NpgsqlConnectionStringBuilder? server;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The scripts the first migration of this database applied.</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    public NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync()
    {
        server = new NpgsqlConnectionStringBuilder(await PostgresServer.ConnectionStringAsync());
        ConnectionString = ConnectionStringFor(NewDatabaseName());
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
