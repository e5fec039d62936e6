using FaultMaven.Testing.Postgres;
using Npgsql;

namespace FaultMaven.Storage.Tests;

/// <summary>A database of its own for a test that damages what it stores; migrated on creation, dropped on dispose.</summary>
internal sealed class FreshDatabase : IAsyncDisposable
{
    private readonly PostgresFixture postgres;
    private readonly string name = PostgresFixture.NewDatabaseName();

    private FreshDatabase(PostgresFixture postgres)
    {
        this.postgres = postgres;
        ConnectionString = postgres.ConnectionStringFor(name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<FreshDatabase> CreateAsync(PostgresFixture postgres)
    {
        var database = new FreshDatabase(postgres);
        await PostgresFixture.CreateMigrator(database.ConnectionString).MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await postgres.DropDatabaseAsync(name);
    }
}
