using Dapper;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using FaultMaven.Testing.Postgres;
using Npgsql;

namespace FaultMaven.Storage.Tests;

public sealed class MigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Migrating_a_new_database_creates_every_table_in_script_order()
    {
        Assert.Equal(
            ["0001_logs.sql", "0002_findings.sql", "0003_dead_letters.sql", "0004_incidents.sql", "0005_log_templates.sql", "0006_sealed_columns.sql", "0007_audit_log.sql", "0050_incident_grouping.sql", "0060_feedback.sql", "0070_templates_per_source.sql", "0100_incident_embeddings.sql", "0110_incident_indexing.sql", "0120_session_models.sql", "0130_raw_fingerprint.sql", "0140_ingest_requests.sql", "0150_incident_list_index.sql", "0160_alerts.sql", "0170_sealed_incident_text.sql", "0190_logs_level_index.sql", "0200_logs_write_indexes.sql", "0220_ingest_request_progress.sql", "0240_incident_headline.sql", "0250_incident_indexed_at.sql", "0260_ingest_request_digest.sql", "0270_dead_letter_records.sql", "0290_feedback_votes.sql", "0300_dead_letter_items.sql"],
            postgres.AppliedMigrations.Select(name => name.Replace("FaultMaven.Storage.Migrations.", "", StringComparison.Ordinal)));

        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        Assert.Equal(
            ["alerts", "audit_chain_head", "audit_log", "dead_letters", "feedback", "findings", "incident_embeddings", "incidents", "ingest_requests", "kafka_cluster", "log_templates", "logs", "recommendations", "schemaversions", "session_models"],
            tables);
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_applies_nothing()
    {
        var applied = await PostgresFixture.CreateMigrator(postgres.ConnectionString).MigrateAsync();

        Assert.Empty(applied);
    }

    [Fact]
    public async Task Concurrent_migrations_of_a_missing_database_create_it_once_and_apply_each_script_once()
    {
        var database = PostgresFixture.NewDatabaseName();
        try
        {
            var migrations = Enumerable.Range(0, 4)
                .Select(_ => Task.Run(() => PostgresFixture.CreateMigrator(postgres.ConnectionStringFor(database)).MigrateAsync()));
            var applied = (await Task.WhenAll(migrations)).SelectMany(scripts => scripts).ToList();

            Assert.Equal(postgres.AppliedMigrations.Order(), applied.Order());
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Incidents_stored_before_headlines_were_recorded_get_their_earliest_finding_as_headline()
    {
        var database = PostgresFixture.NewDatabaseName();
        try
        {
            await PostgresFixture.CreateMigrator(postgres.ConnectionStringFor(database)).MigrateAsync();
            await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionStringFor(database));
            Finding[] grouped = [Samples.Finding("old-later", "old", 9) with { WindowStart = Samples.Noon.AddMinutes(2) }, Samples.Finding("old-first", "old", 1)];
            await new FindingFiler(new FindingRepository(dataSource, TestKeys.Cipher), new IncidentRepository(dataSource, new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod, IncidentOpening.Default), TestKeys.Cipher))
                .FileAsync(grouped);
            await using var connection = await dataSource.OpenConnectionAsync();
            await connection.ExecuteAsync("UPDATE incidents SET title_finding_id = NULL");

            await connection.ExecuteAsync(await MigrationScriptAsync("0240_incident_headline.sql"));

            Assert.Equal(["old-first"], await connection.QueryAsync<string>("SELECT title_finding_id FROM incidents"));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_named_in_the_migration_error()
    {
        var unreachable = "Host=127.0.0.1;Port=1;Database=nowhere;Username=faultmaven;Timeout=2";

        var error = await Assert.ThrowsAsync<DatabaseMigrationException>(
            () => PostgresFixture.CreateMigrator(unreachable).MigrateAsync());

        Assert.StartsWith("Cannot migrate PostgreSQL 127.0.0.1:1/nowhere: ", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> MigrationScriptAsync(string name)
    {
        await using var script = typeof(DatabaseMigrator).Assembly.GetManifestResourceStream($"FaultMaven.Storage.Migrations.{name}")
            ?? throw new InvalidOperationException($"no embedded migration {name}");
        using var reader = new StreamReader(script);
        return await reader.ReadToEndAsync();
    }
}
