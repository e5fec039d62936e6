using Dapper;
using FaultMaven.Storage.Audit;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit.Abstractions;

namespace FaultMaven.Storage.Tests;

/// <summary>
/// The services' roles (ServiceRoles.sql) as a compromised API or worker would use them: the audit log and the schema are
/// out of their reach, while the work each does (proven end to end by the suites that run the services as these roles)
/// still passes.
/// </summary>
public sealed class ServiceRoleTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    public static TheoryData<string> Roles => new() { "api", "worker" };

    // Tables no service reads or writes; anything else without a grant would fail a service at its first use.
    private static readonly string[] Unused = ["recommendations"];

    public async Task InitializeAsync() =>
        await new AuditLog(postgres.DataSource, TimeProvider.System).AppendAsync(new AuditEntry("tests", "roles.seed", "audit_log", "success"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_service_role_can_neither_change_delete_nor_truncate_audit_rows(string role)
    {
        await using var connection = await OpenAsRole(role);

        foreach (var sql in new[] { "UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log", "TRUNCATE audit_log", "DELETE FROM audit_chain_head" })
        {
            await AssertRefused(connection, sql);
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_service_role_cannot_disable_the_audit_triggers_or_alter_any_table(string role)
    {
        await using var connection = await OpenAsRole(role);

        foreach (var sql in new[]
                 {
                     "ALTER TABLE audit_log DISABLE TRIGGER USER", "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                     "ALTER TABLE logs ADD COLUMN mallory text", "DROP TRIGGER audit_log_append_only ON audit_log",
                     "CREATE TABLE mallory (id int)", "SET session_replication_role = replica",
                 })
        {
            await AssertRefused(connection, sql);
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_service_role_cannot_rewrite_the_hash_chain(string role)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionStringOf(role));
        var audit = new AuditLog(postgres.DataSource, TimeProvider.System);
        var before = await audit.HeadAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => AuditRewrite.ChangeActorAsync(dataSource, 1, "mallory"));

        output.WriteLine($"{role}: {refused.SqlState} {refused.MessageText}");
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(before.LastHash, (await audit.HeadAsync()).LastHash);
        Assert.True((await audit.VerifyAsync(before.LastHash)).IsIntact);
    }

    [Fact]
    public async Task The_api_role_appends_to_the_audit_log_and_the_chain_still_verifies()
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres.ApiConnectionString);
        var audit = new AuditLog(dataSource, TimeProvider.System);

        var appended = await audit.AppendAsync(new AuditEntry("api-role", "roles.append", "audit_log", "success"));

        Assert.Equal(appended.Hash, (await audit.HeadAsync()).LastHash);
        Assert.True((await new AuditLog(postgres.DataSource, TimeProvider.System).VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task The_worker_role_has_no_business_with_the_audit_log_or_the_identity_store()
    {
        await using var connection = await OpenAsRole("worker");

        foreach (var sql in new[]
                 {
                     "SELECT count(*) FROM audit_log",
                     "INSERT INTO audit_log (id, at, actor, action, target, outcome, details, prev_hash, hash) VALUES (999, now(), 'w', 'a', 't', 'o', '{}', ''::bytea, ''::bytea)",
                     "SELECT count(*) FROM identity.accounts", "SELECT count(*) FROM ingest_requests",
                 })
        {
            await AssertRefused(connection, sql);
        }
    }

    [Fact]
    public async Task The_api_role_reads_stored_logs_but_cannot_write_them()
    {
        await using var connection = await OpenAsRole("api");

        await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM logs");
        await AssertRefused(connection, "DELETE FROM logs");
        await AssertRefused(connection, "UPDATE dead_letters SET reason = 'mallory'");
        await AssertRefused(connection, "INSERT INTO identity.migrations_history VALUES ('mallory', '0')");
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_service_role_finds_the_schema_current_but_may_not_migrate_it(string role)
    {
        var migrator = new DatabaseMigrator(Options.Create(new PostgresOptions { ConnectionString = ConnectionStringOf(role) }), NullLoggerFactory.Instance);

        await migrator.EnsureCurrentAsync();

        await using var connection = await OpenAsRole(role);
        await AssertRefused(connection, "DELETE FROM schemaversions");
    }

    [Fact]
    public async Task A_service_on_a_database_behind_its_migrations_refuses_to_start_and_says_to_run_fm_migrate()
    {
        var database = PostgresFixture.NewDatabaseName();
        await using (var owner = new NpgsqlConnection(postgres.ConnectionString))
        {
            await owner.ExecuteAsync($"CREATE DATABASE {database}");
        }

        try
        {
            var worker = new NpgsqlConnectionStringBuilder(postgres.WorkerConnectionString) { Database = database }.ConnectionString;
            var migrator = new DatabaseMigrator(Options.Create(new PostgresOptions { ConnectionString = worker }), NullLoggerFactory.Instance);

            var refused = await Assert.ThrowsAsync<DatabaseMigrationException>(() => migrator.EnsureCurrentAsync());

            output.WriteLine(refused.Message);
            Assert.Contains("0001_logs.sql", refused.Message, StringComparison.Ordinal);
            Assert.Contains("run `fm migrate`", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Every_table_is_granted_to_a_service_or_named_as_unused()
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        var ungranted = (await connection.QueryAsync<string>(
            """
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'identity')
              AND NOT has_table_privilege('faultmaven_api', c.oid, 'SELECT')
              AND NOT has_table_privilege('faultmaven_worker', c.oid, 'SELECT')
            ORDER BY 1
            """)).ToList();

        Assert.Equal(Unused.Select(table => $"public.{table}"), ungranted);
    }

    [Fact]
    public async Task A_test_database_is_dropped_while_a_service_still_has_a_session_on_it()
    {
        // The owner is a member of the services' roles (scripts/lib/postgres.sh grants it) so that it may end their
        // sessions: a service under test may still be closing its own when the test's database is dropped.
        var fixture = new PostgresFixture();
        await fixture.InitializeAsync();
        var database = new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Database!;
        await using var service = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fixture.ApiConnectionString) { Pooling = false }.ConnectionString);
        await service.OpenAsync();

        Assert.True(await postgres.DropDatabaseAsync(database, TimeSpan.FromSeconds(1)));

        Assert.False(await DatabaseExistsAsync(database));
    }

    private async Task<bool> DatabaseExistsAsync(string database)
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @database)", new { database });
    }

    private string ConnectionStringOf(string role) => role == "api" ? postgres.ApiConnectionString : postgres.WorkerConnectionString;

    private async Task<NpgsqlConnection> OpenAsRole(string role)
    {
        var connection = new NpgsqlConnection(ConnectionStringOf(role));
        await connection.OpenAsync();
        return connection;
    }

    private async Task AssertRefused(NpgsqlConnection connection, string sql)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));
        output.WriteLine($"{sql}: {refused.SqlState} {refused.MessageText}");
        Assert.True(
            refused.SqlState == PostgresErrorCodes.InsufficientPrivilege,
            $"{sql} failed with {refused.SqlState} ({refused.MessageText}), not for lack of privilege");
    }
}
