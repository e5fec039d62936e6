using Dapper;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

/// <summary>
/// Every index on <c>logs</c> costs every stored row an index insert (the logs sink's COPY is most of its time), so each
/// must serve a query the product runs. A new index fails this test until it is listed here with the query it serves.
/// </summary>
public sealed class LogIndexTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly Dictionary<string, string> QueryServed = new()
    {
        ["logs_pkey"] = "identity of a row; the keyset tie-break of every page",
        ["logs_raw_position_key"] = "idempotent storing (a replayed raw position stores nothing) and a finding's evidence (FindByRawAsync)",
        ["logs_ts_idx"] = "GET /logs newest first, with or without a time range; the session models' training history",
        ["logs_source_ts_idx"] = "GET /logs?source= newest first",
        ["logs_warn_ts_idx"] = "GET /logs?level=warn",
        ["logs_error_ts_idx"] = "GET /logs?level=error|fatal",
        ["logs_source_error_ts_idx"] = "GET /logs?source=&level=error|fatal",
    };

    [Fact]
    public async Task Every_index_on_logs_serves_a_named_query()
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();

        var indexes = (await connection.QueryAsync<string>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'logs'")).ToHashSet();

        Assert.True(
            indexes.SetEquals(QueryServed.Keys),
            $"indexes on logs: {string.Join(", ", indexes.Order())}; listed with a query: {string.Join(", ", QueryServed.Keys.Order())}");
    }
}
