using Npgsql;

namespace FaultMaven.ScaleBench;

/// <summary>One query's <c>EXPLAIN (ANALYZE, BUFFERS)</c>: execution time, buffers and the plan, optionally without an index (dropped in a transaction that is rolled back).</summary>
public sealed record QueryPlan(string Name, string? WithoutIndex, double ExecutionMs, string Plan)
{
    /// <summary>The plan's first node and its buffers line, for a table.</summary>
    public string Summary => string.Join("; ", Plan.Split('\n').Where(l => l.Contains("->", StringComparison.Ordinal) || l.TrimStart().StartsWith("Buffers", StringComparison.Ordinal) || l.StartsWith("Limit", StringComparison.Ordinal))
        .Take(3).Select(l => l.Trim()));
}

/// <summary>
/// The main list queries as <c>KeysetQuery</c> builds them for the API's first or deep pages (its column list replaced
/// by <c>*</c>), explained on the bench's store. The incident lists and the level filters are explained a second time
/// without the index of migration 0150 or 0190 that serves them, for the before/after.
/// </summary>
public static class QueryPlans
{
    public static async Task<IReadOnlyList<QueryPlan>> ExplainAsync(NpgsqlDataSource database, DateTimeOffset end)
    {
        var (deepTs, deepId) = await DeepKeyAsync(database);
        var queries = new (string Name, string Sql, object[] Parameters, string? Index)[]
        {
            ("logs by source", "SELECT * FROM logs WHERE source = $1 ORDER BY ts DESC, id DESC LIMIT 101", [ScaleData.SourceName(42)], null),
            ("logs level ≥ error", "SELECT * FROM logs WHERE level = ANY($1) ORDER BY ts DESC, id DESC LIMIT 101", [new[] { "error", "fatal" }], "logs_error_ts_idx"),
            ("logs 1 h range", "SELECT * FROM logs WHERE ts >= $1 AND ts < $2 ORDER BY ts DESC, id DESC LIMIT 101", [end.AddDays(-10).UtcDateTime, end.AddDays(-10).AddHours(1).UtcDateTime], null),
            ("logs deep cursor (row 5,000)", "SELECT * FROM logs WHERE (ts, id) < ($1, $2) ORDER BY ts DESC, id DESC LIMIT 101", [deepTs, deepId], null),
            ("logs source + level ≥ error", "SELECT * FROM logs WHERE source = $1 AND level = ANY($2) ORDER BY ts DESC, id DESC LIMIT 101", [ScaleData.SourceName(42), new[] { "error", "fatal" }], "logs_source_error_ts_idx"),
            ("findings", "SELECT * FROM findings ORDER BY window_end DESC, id DESC LIMIT 51", [], null),
            ("findings by source", "SELECT * FROM findings WHERE source = $1 ORDER BY window_end DESC, id DESC LIMIT 51", [ScaleData.SourceName(42)], null),
            ("incidents", "SELECT * FROM incidents ORDER BY last_activity_at DESC, id DESC LIMIT 51", [], "incidents_activity_idx"),
            ("incidents open", "SELECT * FROM incidents WHERE status = $1 ORDER BY last_activity_at DESC, id DESC LIMIT 51", ["open"], "incidents_status_activity_idx"),
        };
        var plans = new List<QueryPlan>();
        foreach (var (name, sql, parameters, index) in queries)
        {
            plans.Add(await ExplainAsync(database, name, sql, parameters, null));
            if (index is not null)
            {
                plans.Add(await ExplainAsync(database, name, sql, parameters, index));
            }
        }

        return plans;
    }

    private static async Task<QueryPlan> ExplainAsync(NpgsqlDataSource database, string name, string sql, object[] parameters, string? withoutIndex)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (withoutIndex is not null)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX {withoutIndex}", connection, transaction);
            await drop.ExecuteNonQueryAsync();
        }

        // Once to warm the cache as the API's repeated requests would, then the measured run.
        string plan = "";
        for (var run = 0; run < 2; run++)
        {
            await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {sql}", connection, transaction);
            foreach (var parameter in parameters)
            {
                explain.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            plan = string.Join('\n', lines);
        }

        await transaction.RollbackAsync();
        var execution = plan.Split('\n').Last(l => l.StartsWith("Execution Time:", StringComparison.Ordinal));
        var ms = double.Parse(execution["Execution Time:".Length..].Replace("ms", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return new QueryPlan(name, withoutIndex, ms, plan);
    }

    private static async Task<(DateTime, long)> DeepKeyAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT ts, id FROM logs ORDER BY ts DESC, id DESC OFFSET 5000 LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDateTime(0), reader.GetInt64(1));
    }
}
