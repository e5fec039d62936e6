using System.Text.Json;
using Dapper;
using FaultMaven.Api.Security;
using FaultMaven.Storage.Audit;
using FaultMaven.Testing;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FaultMaven.Api.Tests;

/// <summary>Refused anonymous requests counted per client and minute on a fake clock, written to a real audit log.</summary>
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

    private async Task<List<(string Address, Dictionary<string, string> Details)>> RowsAsync(string minute)
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Address, string Details)>(
            "SELECT source_address, details::text FROM audit_log WHERE action = @Action AND details->>'minute' = @minute ORDER BY id",
            new { RefusedRequestAudit.Action, minute = $"2026-11-30T{minute}:00Z" });
        return [.. rows.Select(row => (row.Address, JsonSerializer.Deserialize<Dictionary<string, string>>(row.Details)!))];
    }
}
