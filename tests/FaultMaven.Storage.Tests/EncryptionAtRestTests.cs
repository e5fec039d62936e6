using System.Text;
using Dapper;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

/// <summary>Proves with plain SQL over every table that a secret written through the repositories is stored nowhere in clear.</summary>
public sealed class EncryptionAtRestTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private readonly string secret = $"password=hunter2-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_secret_in_logs_dead_letters_findings_resolutions_and_embedded_text_appears_in_no_raw_row_of_any_table()
    {
        var source = Samples.UniqueName("secret");
        var log = Samples.Log(source, 1, Samples.Noon, Severity.Error) with
        {
            Message = $"login failed: {secret}",
            Attributes = new Dictionary<string, string> { ["header"] = secret },
        };
        var deadLetter = Samples.DeadLetter(source, 1, "normalize") with { Payload = Encoding.UTF8.GetBytes(secret) };
        var finding = Samples.Finding(Samples.UniqueName("finding"), source, 3) with
        {
            Examples = [$"login failed: {secret}"],
            Evidence = [new RawOffset(secret, 0, 1)],
        };

        await new LogRepository(postgres.DataSource, TestKeys.Cipher).InsertAsync([log]);
        await new DeadLetterRepository(postgres.DataSource, TestKeys.Cipher).InsertAsync([deadLetter]);
        await new FindingRepository(postgres.DataSource, TestKeys.Cipher).UpsertAsync([finding]);
        var incidents = new IncidentRepository(postgres.DataSource, new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod, IncidentOpening.Default), TestKeys.Cipher);
        await incidents.AttachAsync([finding]);
        var incidentId = (await incidents.ListAsync(new IncidentQuery { Source = source })).Items.Single().Id;
        Assert.True(await incidents.ResolveAsync(incidentId, $"rotated {secret}", Samples.Noon));
        await new IncidentEmbeddingRepository(postgres.DataSource, TestKeys.Cipher).UpsertAsync(
            new StoredIncidentEmbedding(incidentId, "model", [1f], $"text {secret}", "title", $"rotated {secret}", null, null, "resolved", Samples.Noon));

        var dump = await DumpEveryTableAsync();
        Assert.Contains(source, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret)), dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sealed_values_read_back_as_plaintext_through_the_repositories()
    {
        var source = Samples.UniqueName("roundtrip");
        var deadLetter = Samples.DeadLetter(source, 2, "parse") with { Payload = Encoding.UTF8.GetBytes(secret) };
        var finding = Samples.Finding(Samples.UniqueName("finding"), source, 4) with { Examples = [secret] };
        var deadLetters = new DeadLetterRepository(postgres.DataSource, TestKeys.Cipher);
        var findings = new FindingRepository(postgres.DataSource, TestKeys.Cipher);

        await deadLetters.InsertAsync([deadLetter]);
        await findings.UpsertAsync([finding]);

        var stored = Assert.Single((await deadLetters.ListAsync(new DeadLetterQuery { Source = source })).Items);
        Assert.Equal(secret, Encoding.UTF8.GetString(stored.DeadLetter.Payload));
        Assert.Equal([secret], (await findings.GetAsync(finding.Id))!.Finding.Examples);
    }

    /// <summary>Every row of every table in the public schema as text, as pg_dump would see it (bytea as hex).</summary>
    private async Task<string> DumpEveryTableAsync()
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            foreach (var row in await connection.QueryAsync<string>($"SELECT t::text FROM {table} t"))
            {
                dump.AppendLine(row);
            }
        }

        return dump.ToString();
    }
}
