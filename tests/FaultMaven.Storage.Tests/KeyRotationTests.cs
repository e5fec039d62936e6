using System.Security.Cryptography;
using Dapper;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using FaultMaven.Storage.Audit;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class KeyRotationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Rotating_from_key_a_to_b_reseals_every_row_so_that_key_a_is_no_longer_needed()
    {
        await using var database = await FreshDatabase.CreateAsync(postgres);
        var source = Samples.UniqueName("rotate");
        var logs = Samples.Logs(source, 0, 250);
        var deadLetters = Enumerable.Range(0, 30).Select(offset => Samples.DeadLetter(source, offset, "parse")).ToList();
        var findings = Enumerable.Range(0, 20).Select(i => Samples.Finding($"{source}-{i}", source, i + 1)).ToList();
        await new LogRepository(database.DataSource, TestKeys.Cipher).InsertAsync(logs);
        await new DeadLetterRepository(database.DataSource, TestKeys.Cipher).InsertAsync(deadLetters);
        await new FindingRepository(database.DataSource, TestKeys.Cipher).UpsertAsync(findings);
        await PlantPlaintextRowAsync(database, source);
        // Open incidents have no resolution: NULLs are left alone, not counted as pending.
        var resolvedIncident = await ResolveOneIncidentAsync(database, findings, "restarted the payment pod");
        var embeddings = new IncidentEmbeddingRepository(database.DataSource, TestKeys.Cipher);
        await embeddings.UpsertAsync(new StoredIncidentEmbedding(resolvedIncident, "model", [1f], "payment declined", "title", "restarted the payment pod", null, null, "resolved", DateTimeOffset.UtcNow));
        await embeddings.UpsertAsync(new StoredIncidentEmbedding($"{source}-open", "model", [1f], "payment slow", "title", null, null, null, "open", DateTimeOffset.UtcNow));

        var onB = TestKeys.CipherOver("b");
        var audit = new AuditLog(database.DataSource, TimeProvider.System);
        var rotation = new KeyRotation(database.DataSource, onB, audit);
        var reported = new List<long>();
        Assert.Equal(304, await rotation.CountPendingAsync());

        var resealed = await rotation.ReencryptAsync("test", batchSize: 64, new SynchronousProgress(reported.Add));

        Assert.Equal(304, resealed);
        Assert.Equal(304, reported[^1]);
        Assert.True(reported.Count > 5);
        Assert.Equal(0, await rotation.CountPendingAsync());
        var usage = await rotation.UsageAsync();
        Assert.NotEmpty(usage);
        Assert.All(usage, used => Assert.Equal("b", used.KeyId));

        var onlyB = new FieldCipher(() => new KeyRing(new Dictionary<string, byte[]> { ["b"] = TestKeys.B }, "b"));
        var readLogs = await Samples.AllPagesAsync(cursor =>
            new LogRepository(database.DataSource, onlyB).QueryAsync(new LogQuery { Source = source, Limit = 1000, Cursor = cursor }));
        Assert.Equal(logs.Select(log => log.Message).Append("from before encryption").Order(), readLogs.Select(log => log.Event.Message).Order());
        var readDeadLetters = await new DeadLetterRepository(database.DataSource, onlyB).ListAsync(new DeadLetterQuery { Source = source });
        Assert.Equal(deadLetters.Select(d => d.Payload), readDeadLetters.Items.OrderBy(d => d.DeadLetter.Raw.Offset).Select(d => d.DeadLetter.Payload));
        var readFindings = await new FindingRepository(database.DataSource, onlyB).ListAsync(new FindingQuery { Source = source });
        Assert.NotEmpty(readFindings.Items);
        Assert.All(readFindings.Items, finding => Assert.Equal(["payment 42 declined"], finding.Finding.Examples));
        var incidents = new IncidentRepository(database.DataSource, new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod, IncidentOpening.Default), onlyB);
        Assert.Equal("restarted the payment pod", (await incidents.GetAsync(resolvedIncident))!.Resolution);
        var readEmbeddings = await new IncidentEmbeddingRepository(database.DataSource, onlyB).GetManyAsync([resolvedIncident, $"{source}-open"]);
        Assert.Equal(["payment declined", "payment slow"], readEmbeddings.Select(e => e.EmbeddedText).Order());
        Assert.Equal([null, "restarted the payment pod"], readEmbeddings.Select(e => e.Resolution).Order());

        var entry = Assert.Single((await audit.ListAsync(new AuditQuery { Action = "keys.reencrypt" })).Items);
        Assert.Equal(("success", "304"), (entry.Entry.Outcome, entry.Entry.Details["rows"]));
    }

    /// <summary>Groups <paramref name="findings"/> into incidents and resolves one of them; returns its id.</summary>
    private static async Task<string> ResolveOneIncidentAsync(FreshDatabase database, IReadOnlyList<Finding> findings, string resolution)
    {
        var incidents = new IncidentRepository(database.DataSource, new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod, IncidentOpening.Default), TestKeys.Cipher);
        await incidents.AttachAsync(findings);
        var incidentId = (await incidents.ListAsync(new IncidentQuery { Source = findings[0].Source })).Items[0].Id;
        Assert.True(await incidents.ResolveAsync(incidentId, resolution, DateTimeOffset.UtcNow));
        return incidentId;
    }

    [Fact]
    public async Task Running_again_after_an_interruption_reseals_only_what_is_left()
    {
        await using var database = await FreshDatabase.CreateAsync(postgres);
        var source = Samples.UniqueName("resume");
        await new LogRepository(database.DataSource, TestKeys.Cipher).InsertAsync(Samples.Logs(source, 0, 100));
        var rotation = new KeyRotation(database.DataSource, TestKeys.CipherOver("b"), new AuditLog(database.DataSource, TimeProvider.System));
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            rotation.ReencryptAsync("test", batchSize: 10, new SynchronousProgress(done => { if (done >= 30) stop.Cancel(); }), stop.Token));

        Assert.Equal(70, await rotation.CountPendingAsync());
        Assert.Equal(70, await rotation.ReencryptAsync("test", batchSize: 10, new SynchronousProgress(_ => { })));
    }

    [Fact]
    public async Task Rows_read_with_a_wrong_key_under_the_same_id_fail_loudly()
    {
        var source = Samples.UniqueName("wrong-key");
        await new LogRepository(postgres.DataSource, TestKeys.Cipher).InsertAsync(Samples.Logs(source, 0, 1));
        var impostor = new FieldCipher(() => new KeyRing(new Dictionary<string, byte[]> { ["a"] = RandomNumberGenerator.GetBytes(32) }, "a"));

        await Assert.ThrowsAsync<CryptographicException>(() => new LogRepository(postgres.DataSource, impostor).QueryAsync(new LogQuery { Source = source }));
    }

    [Fact]
    public async Task A_ciphertext_swapped_between_two_rows_fails_loudly_on_read()
    {
        var source = Samples.UniqueName("swapped");
        var logs = new LogRepository(postgres.DataSource, TestKeys.Cipher);
        await logs.InsertAsync(Samples.Logs(source, 0, 2));
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            UPDATE logs a SET message = b.message FROM logs b
            WHERE a.source = @source AND b.source = @source AND a.raw_offset = 0 AND b.raw_offset = 1
            """, new { source });

        var error = await Assert.ThrowsAsync<CryptographicException>(() => logs.QueryAsync(new LogQuery { Source = source }));

        Assert.Contains("failed authentication for logs.message", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A row as migration 0006 leaves rows written before encryption: version byte 0, then the plaintext.</summary>
    private static async Task PlantPlaintextRowAsync(FreshDatabase database, string source)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO logs (ts, source, level, message, attributes, raw_topic, raw_partition, raw_offset, raw_index)
            VALUES (now(), @source, 'info', '\x00'::bytea || convert_to('from before encryption', 'UTF8'),
                    '\x00'::bytea || convert_to('{}', 'UTF8'), 'legacy', 0, 0, 0)
            """, new { source });
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so assertions see every report.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
