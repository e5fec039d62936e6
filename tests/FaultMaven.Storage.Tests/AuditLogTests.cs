using Dapper;
using FaultMaven.Storage.Audit;
using FaultMaven.Testing.Postgres;
using Npgsql;

namespace FaultMaven.Storage.Tests;

/// <summary>Tampering tests act as the table's owner (or a superuser) can: they disable the guard triggers first.</summary>
public sealed class AuditLogTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string SwapRowsThreeAndFour = """
        UPDATE audit_log a
        SET at = b.at, actor = b.actor, action = b.action, target = b.target, source_address = b.source_address,
            outcome = b.outcome, details = b.details, prev_hash = b.prev_hash, hash = b.hash
        FROM audit_log b
        WHERE (a.id, b.id) IN ((3, 4), (4, 3))
        """;

    [Fact]
    public async Task Migrating_records_the_applied_scripts_as_the_first_entry_and_the_chain_verifies()
    {
        await using var database = await FreshDatabase.CreateAsync(postgres);
        var audit = new AuditLog(database.DataSource, TimeProvider.System);

        var first = Assert.Single((await audit.ListAsync(new AuditQuery { Action = "schema.migrate" })).Items);
        Assert.Equal(1, first.Id);
        Assert.Equal(AuditChain.Genesis, first.PreviousHash);
        Assert.Contains("0007_audit_log.sql", first.Entry.Details["scripts"], StringComparison.Ordinal);
        Assert.Equal(new AuditVerification(1, null), await audit.VerifyAsync());
    }

    [Fact]
    public async Task Concurrent_appends_form_one_unbroken_chain()
    {
        await using var database = await FreshDatabase.CreateAsync(postgres);
        var audit = new AuditLog(database.DataSource, TimeProvider.System);

        var appended = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => audit.AppendAsync(Entry($"user-{i}")))));

        Assert.Equal(Enumerable.Range(2, 20).Select(id => (long)id), appended.Select(record => record.Id).Order());
        var verification = await audit.VerifyAsync();
        Assert.True(verification.IsIntact, verification.FirstBreak?.Reason);
        Assert.Equal(21, verification.RowsChecked);
    }

    [Fact]
    public async Task Batches_appended_concurrently_with_single_appends_keep_their_order_and_form_one_unbroken_chain()
    {
        await using var database = await FreshDatabase.CreateAsync(postgres);
        var audit = new AuditLog(database.DataSource, TimeProvider.System);

        var batches = Enumerable.Range(0, 6).Select(b => Task.Run(() => audit.AppendAllAsync([.. Enumerable.Range(0, 50).Select(i => Entry($"batch-{b}-{i:D2}") with { Outcome = i == 0 ? "first" : "next" })])));
        var singles = Enumerable.Range(0, 5).Select(i => Task.Run(async () => (IReadOnlyList<AuditRecord>)[await audit.AppendAsync(Entry($"single-{i}"))]));
        var appended = (await Task.WhenAll(batches.Concat(singles))).SelectMany(records => records).ToList();

        Assert.Equal(Enumerable.Range(2, 305).Select(id => (long)id), appended.Select(record => record.Id).Order());
        var stored = await Samples.AllPagesAsync(cursor => audit.ListAsync(new AuditQuery { Limit = 100, Cursor = cursor }));
        foreach (var batch in stored.Where(r => r.Entry.Actor.StartsWith("batch-", StringComparison.Ordinal)).GroupBy(r => r.Entry.Actor[..7]))
        {
            // A batch's rows are consecutive, in the order given, and carry everything of their entries.
            var rows = batch.OrderBy(r => r.Id).ToList();
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{batch.Key}-{i:D2}"), rows.Select(r => r.Entry.Actor));
            Assert.Equal(rows[0].Id + 49, rows[^1].Id);
            Assert.Equivalent(Entry(rows[1].Entry.Actor) with { Outcome = "next" }, rows[1].Entry, strict: true);
        }

        var verification = await audit.VerifyAsync();
        Assert.True(verification.IsIntact, verification.FirstBreak?.Reason);
        Assert.Equal(306, verification.RowsChecked);
    }

    [Fact]
    public async Task Updating_deleting_or_truncating_the_audit_log_is_refused()
    {
        await using var database = await FreshDatabase.CreateAsync(postgres);

        foreach (var change in new[] { "UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(database, change));
            Assert.Contains("audit_log is append-only", error.MessageText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("UPDATE audit_log SET outcome = 'success' WHERE id = 3", 3, AuditBreakKind.Edited, "row 3's content does not match its hash (edited)")]
    [InlineData("DELETE FROM audit_log WHERE id = 4", 5, AuditBreakKind.Deleted, "rows 4 to 4 before row 5 are missing (deleted)")]
    [InlineData(
        "DELETE FROM audit_log WHERE id = 4; UPDATE audit_log SET id = id - 1 WHERE id > 4; UPDATE audit_chain_head SET last_id = last_id - 1",
        4, AuditBreakKind.Deleted, "the row appended before row 4 is gone (deleted, and later rows renumbered)")]
    [InlineData("DELETE FROM audit_log WHERE id >= 5", 5, AuditBreakKind.Deleted, "rows 5 to 6 were appended but are missing from the end (deleted)")]
    [InlineData(SwapRowsThreeAndFour, 3, AuditBreakKind.Reordered, "row 3 was appended after row 4, not after row 2 (reordered)")]
    public async Task Verify_names_the_first_row_changed_behind_the_disabled_trigger_and_how(
        string change, long rowId, AuditBreakKind kind, string reason)
    {
        await using var database = await AuditedDatabaseAsync(rows: 5);

        await ExecuteAsync(database, $"""
            ALTER TABLE audit_log DISABLE TRIGGER USER;
            {change};
            ALTER TABLE audit_log ENABLE TRIGGER USER;
            """);

        var verification = await new AuditLog(database.DataSource, TimeProvider.System).VerifyAsync();
        Assert.Equal(new AuditBreak(rowId, kind, reason), verification.FirstBreak);
    }

    [Fact]
    public async Task Listing_filters_by_actor_and_action_and_pages_newest_first()
    {
        await using var database = await AuditedDatabaseAsync(rows: 5);
        var audit = new AuditLog(database.DataSource, TimeProvider.System);

        var all = await Samples.AllPagesAsync(cursor => audit.ListAsync(new AuditQuery { Action = "keys.read", Limit = 2, Cursor = cursor }));
        var mine = await audit.ListAsync(new AuditQuery { Actor = "user-2" });

        Assert.Equal([6L, 5, 4, 3, 2], all.Select(record => record.Id));
        Assert.Equal([4L], mine.Items.Select(record => record.Id));
        Assert.Equal("10.0.0.7", mine.Items[0].Entry.SourceAddress);
    }

    private static AuditEntry Entry(string actor) => new(actor, "keys.read", "keyring", "failure")
    {
        SourceAddress = "10.0.0.7",
        Details = new Dictionary<string, string> { ["reason"] = "denied", ["attempt"] = "1" },
    };

    /// <summary>A fresh database whose audit log holds the migration entry and <paramref name="rows"/> more.</summary>
    private async Task<FreshDatabase> AuditedDatabaseAsync(int rows)
    {
        var database = await FreshDatabase.CreateAsync(postgres);
        var audit = new AuditLog(database.DataSource, TimeProvider.System);
        for (var i = 0; i < rows; i++)
        {
            await audit.AppendAsync(Entry($"user-{i}"));
        }

        return database;
    }

    private static async Task ExecuteAsync(FreshDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }
}
