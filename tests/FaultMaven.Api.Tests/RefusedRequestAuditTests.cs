using System.Text.Json;
using Dapper;
using FaultMaven.Api.Security;
using FaultMaven.Storage.Audit;
using FaultMaven.Testing;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FaultMaven.Api.Tests;

/// <summary>
/// The API's audit writers on a real audit log: refused anonymous requests counted per client and minute on a fake clock,
/// and the queue that writes authenticated actions in batches.
/// </summary>
public sealed class RefusedRequestAuditTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string Flooder = "203.0.113.7";

    [Fact]
    public async Task Five_hundred_refusals_from_one_client_in_one_minute_are_one_row_with_count_500_written_when_the_minute_ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 10, TimeSpan.Zero));
        var refusals = new RefusedRequestAudit(new AuditLog(postgres.DataSource, clock), clock, NullLogger<RefusedRequestAudit>.Instance);
        await refusals.StartAsync(CancellationToken.None);
        for (var i = 0; i < 500; i++)
        {
            refusals.Count(Flooder, RefusedRequestAudit.Unauthorized);
            clock.Advance(TimeSpan.FromMilliseconds(90));
        }

        refusals.Count("198.51.100.2", RefusedRequestAudit.LoginFailed, "eve");
        await refusals.FlushAsync(all: false, CancellationToken.None);
        Assert.Empty(await RowsAsync("12:00"));

        clock.Advance(TimeSpan.FromSeconds(5)); // 12:01:00: the minute is over
        refusals.Count(Flooder, RefusedRequestAudit.Unauthorized);
        await Progress.UntilCount("the 12:00 rows of both clients", async () => (await RowsAsync("12:00")).Count, count => count >= 2, () => Task.FromResult(""), TimeSpan.FromSeconds(30));

        var rows = await RowsAsync("12:00");
        var flood = Assert.Single(rows, row => row.Address == Flooder);
        Assert.Equal("500", flood.Details["count"]);
        Assert.Equal("500", flood.Details[RefusedRequestAudit.Unauthorized]);
        Assert.Equal("1", Assert.Single(rows, row => row.Address == "198.51.100.2").Details["login.failed:eve"]);
        Assert.Empty(await RowsAsync("12:01"));

        // Stopping writes the minute still open.
        await refusals.StopAsync(CancellationToken.None);
        Assert.Equal("1", Assert.Single(await RowsAsync("12:01")).Details["count"]);
    }

    [Fact]
    public async Task A_stop_after_the_hosts_shutdown_deadline_has_passed_still_writes_the_open_minute()
    {
        // Services stopped before this one share the host's ShutdownTimeout: on a loaded machine its token can be
        // cancelled already when this service's turn comes, and the counts it holds would go with the process.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero));
        var refusals = new RefusedRequestAudit(new AuditLog(postgres.DataSource, clock), clock, NullLogger<RefusedRequestAudit>.Instance);
        await refusals.StartAsync(CancellationToken.None);
        refusals.Count("192.0.2.44", RefusedRequestAudit.LoginFailed, "lou");

        await refusals.StopAsync(new CancellationToken(canceled: true));

        Assert.Equal("1", Assert.Single(await RowsAsync("14:00")).Details["login.failed:lou"]);
    }

    [Fact]
    public async Task Sign_in_names_beyond_the_limit_add_up_under_other_names_so_a_row_stays_small()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero));
        var refusals = new RefusedRequestAudit(new AuditLog(postgres.DataSource, clock), clock, NullLogger<RefusedRequestAudit>.Instance);
        for (var i = 0; i < 100; i++)
        {
            refusals.Count("192.0.2.9", RefusedRequestAudit.LoginFailed, $"user-{i}");
        }

        await refusals.FlushAsync(all: true, CancellationToken.None);

        var details = Assert.Single(await RowsAsync("13:00")).Details;
        Assert.Equal(RefusedRequestAudit.MaxNames, details.Keys.Count(key => key.StartsWith("login.failed:", StringComparison.Ordinal)));
        Assert.Equal((100 - RefusedRequestAudit.MaxNames).ToString(System.Globalization.CultureInfo.InvariantCulture), details["other names"]);
        Assert.Equal("100", details[RefusedRequestAudit.LoginFailed]);
    }

    [Fact]
    public async Task Actions_queued_while_an_append_waits_are_written_together_in_their_order_and_stopping_writes_out_the_queue_even_after_the_hosts_deadline()
    {
        var writer = new RequestAuditWriter(new AuditLog(postgres.DataSource, TimeProvider.System), TimeProvider.System, NullLogger<RequestAuditWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        static AuditEntry Action(int i) => new("queued", "api.GET /logs", $"/logs?n={i:D3}", "200") { SourceAddress = "10.1.2.3" };

        // Hold the chain head, as a slow commit would: the first append waits, and the rest pile up behind it.
        await using (var blocker = await postgres.DataSource.OpenConnectionAsync())
        await using (var held = await blocker.BeginTransactionAsync())
        {
            await blocker.ExecuteAsync("SELECT 1 FROM audit_chain_head FOR UPDATE", transaction: held);
            await writer.EnqueueAsync(Action(0));
            await Progress.UntilCount("the first append waits for the chain head", () => blocker.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE NOT granted", transaction: held),
                waiting => waiting >= 1, () => Task.FromResult(""), TimeSpan.FromSeconds(30));
            for (var i = 1; i <= 300; i++)
            {
                await writer.EnqueueAsync(Action(i));
            }

            await held.CommitAsync();
        }

        await Progress.UntilCount("301 queued actions audited", async () => (await QueuedAsync()).Count, count => count >= 301, () => Task.FromResult(""), TimeSpan.FromSeconds(30));
        var rows = await QueuedAsync();
        Assert.Equal(Enumerable.Range(0, 301).Select(i => $"/logs?n={i:D3}"), rows.Select(row => row.Target));
        // Two transactions: the one that waited, and one for everything queued meanwhile.
        Assert.Equal(2, rows.Select(row => row.At).Distinct().Count());

        for (var i = 301; i < 320; i++)
        {
            await writer.EnqueueAsync(Action(i));
        }

        // As a host whose shutdown deadline other services used up: the queue is written all the same.
        await writer.StopAsync(new CancellationToken(canceled: true));
        Assert.Equal(320, (await QueuedAsync()).Count);
        var verification = await new AuditLog(postgres.DataSource, TimeProvider.System).VerifyAsync();
        Assert.True(verification.IsIntact, verification.FirstBreak?.Reason);
    }

    private async Task<List<(string Target, DateTime At)>> QueuedAsync()
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(string, DateTime)>("SELECT target, at FROM audit_log WHERE actor = 'queued' ORDER BY id")];
    }

    private async Task<List<(string Address, Dictionary<string, string> Details)>> RowsAsync(string minute)
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Address, string Details)>(
            "SELECT source_address, details::text FROM audit_log WHERE action = @Action AND details->>'minute' = @minute ORDER BY id",
            new { RefusedRequestAudit.Action, minute = $"2026-11-30T{minute}:00Z" });
        return [.. rows.Select(row => (row.Address, JsonSerializer.Deserialize<Dictionary<string, string>>(row.Details)!))];
    }
}
