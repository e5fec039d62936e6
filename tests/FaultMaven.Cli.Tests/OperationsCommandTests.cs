using FaultMaven.Testing.Kafka;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;

namespace FaultMaven.Cli.Tests;

/// <summary>`fm migrate` and `fm status` as a user runs them: the built binary, configured by environment variables.</summary>
public sealed class OperationsCommandTests(PostgresFixture postgres, DevBrokerFixture broker) : IClassFixture<PostgresFixture>, IClassFixture<DevBrokerFixture>
{
    [Fact]
    public async Task Migrate_applies_every_script_once_then_reports_the_database_up_to_date()
    {
        var database = postgres.ConnectionStringFor(PostgresFixture.NewDatabaseName());
        try
        {
            var first = Fm(database, broker.BootstrapServers, "migrate");
            var second = Fm(database, broker.BootstrapServers, "migrate");

            Assert.Equal(0, first.ExitCode);
            Assert.Contains("Applied", first.Output);
            Assert.Contains("0001_logs", first.Output);
            Assert.Equal(0, second.ExitCode);
            Assert.Contains("up to date", second.Output);
        }
        finally
        {
            await postgres.DropDatabaseAsync(new Npgsql.NpgsqlConnectionStringBuilder(database).Database!);
        }
    }

    [Fact]
    public void Migrate_without_a_connection_string_names_the_setting()
    {
        var result = Fm("", broker.BootstrapServers, "migrate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("FaultMaven:Postgres:ConnectionString", result.Output);
    }

    [Fact]
    public void Status_reports_the_broker_the_database_and_each_consumer_group()
    {
        var result = Fm(postgres.ConnectionString, broker.BootstrapServers, "status");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("logs.raw has", result.Text);
        Assert.Contains("PostgreSQL", result.Text);
        Assert.Contains("faultmaven-pipeline-sink-logs", result.Text);
    }

    [Fact]
    public async Task Status_counts_the_dead_letters_and_the_records_the_broker_dropped_and_says_how_to_list_them()
    {
        var database = postgres.ConnectionStringFor(PostgresFixture.NewDatabaseName());
        try
        {
            Assert.Equal(0, Fm(database, broker.BootstrapServers, "migrate").ExitCode);
            var none = Fm(database, broker.BootstrapServers, "status");
            await using (var dataSource = Npgsql.NpgsqlDataSource.Create(database))
            await using (var insert = dataSource.CreateCommand("""
                INSERT INTO dead_letters (reason, step, source, payload, failed_at, raw_topic, raw_partition, raw_offset, raw_index)
                VALUES ('bad', 'normalize', 's', '\x00'::bytea, '2026-11-30T10:01:00Z', 'logs.raw', 0, 1, 0),
                       ('bad', 'normalize', 's', '\x00'::bytea, '2026-11-30T10:00:00Z', 'logs.raw', 0, 2, 0)
                """))
            {
                await insert.ExecuteNonQueryAsync();
            }

            var two = Fm(database, broker.BootstrapServers, "status");
            await using (var dataSource = Npgsql.NpgsqlDataSource.Create(database))
            await using (var insert = dataSource.CreateCommand("""
                INSERT INTO dead_letters (reason, step, source, payload, failed_at, raw_topic, raw_partition, raw_offset, raw_index, records)
                VALUES ('broker-dropped', 'broker', NULL, '\x00'::bytea, '2026-11-30T10:02:00Z', 'logs.raw', 3, 499, 0, 500)
                """))
            {
                await insert.ExecuteNonQueryAsync();
            }

            var gap = Fm(database, broker.BootstrapServers, "status");

            Assert.Contains("dead letters: none", none.Text);
            Assert.Contains("dead letters: 2 stored, the latest at 2026-11-30 10:01:00Z (fm deadletters lists them", two.Text);
            Assert.DoesNotContain("lost to the broker", two.Text);
            Assert.Contains("dead letters: 3 stored for 502 records, the latest at 2026-11-30 10:02:00Z", gap.Text);
            Assert.Contains("lost to the broker: 500 records of logs.raw in 1 gap, the latest found at 2026-11-30 10:02:00Z", gap.Text);
            Assert.Contains("caught up; 500 records lost to the broker before", gap.Text);
        }
        finally
        {
            await postgres.DropDatabaseAsync(new Npgsql.NpgsqlConnectionStringBuilder(database).Database!);
        }
    }

    [Fact]
    public void Status_fails_when_postgres_is_unreachable()
    {
        var result = Fm($"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Database=x;Username=x;Password=x;Timeout=2", broker.BootstrapServers, "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unavailable", result.Output);
    }

    private static FmResult Fm(string connectionString, string bootstrap, params string[] arguments) =>
        FmCommand.Run(
            new Dictionary<string, string>
            {
                ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = connectionString,
                ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = bootstrap,
                ["COLUMNS"] = "200",
            },
            arguments);
}
