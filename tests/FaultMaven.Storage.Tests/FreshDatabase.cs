using FaultMaven.Testing.Postgres;
using Npgsql;

namespace FaultMaven.Storage.Tests;

/// <summary>A database of its own for a test that damages what it stores; migrated on creation, dropped on dispose.</summary>
internal sealed class FreshDatabase : IAsyncDisposable
{
    private readonly PostgresFixture postgres;
    private readonly string name = PostgresFixture.NewDatabaseName();

    private FreshDatabase(PostgresFixture postgres, bool pooling)
    {
        this.postgres = postgres;
        ConnectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionStringFor(name)) { Pooling = pooling }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <param name="pooling">False to end each connection's server process on close, e.g. so that it reports its statistics.</param>
    public static async Task<FreshDatabase> CreateAsync(PostgresFixture postgres, bool pooling = true)
    {
        var database = new FreshDatabase(postgres, pooling);
        await PostgresFixture.CreateMigrator(database.ConnectionString).MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await postgres.DropDatabaseAsync(name);
    }
}
