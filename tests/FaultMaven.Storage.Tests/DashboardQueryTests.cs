using System.Text.Json;
using System.Text.RegularExpressions;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;

namespace FaultMaven.Storage.Tests;

/// <summary>
/// Every SQL query of the Grafana dashboards (helm/faultmaven/dashboards, PostgreSQL data source) runs against the real
/// schema, migrated to the latest version; Grafana itself cannot run here, so its macros are expanded the way it does
/// (<c>$__timeFilter(column)</c> becomes a BETWEEN over the dashboard's time range).
/// </summary>
public sealed partial class DashboardQueryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string, string> Queries()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "helm", "faultmaven", "dashboards"), "faultmaven-*.json").Order())
        {
            using var board = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var panel in board.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    if (target.TryGetProperty("rawSql", out var sql))
                    {
                        data.Add($"{Path.GetFileName(path)}: {panel.GetProperty("title").GetString()}", sql.GetString()!);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_findings_dashboard_has_sql_panels_to_check()
    {
        Assert.True(Queries().Count >= 4, $"only {Queries().Count} SQL targets found under helm/faultmaven/dashboards");
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task A_dashboard_sql_query_runs_against_the_migrated_schema(string panel, string sql)
    {
        var expanded = TimeFilter().Replace(sql, match => $"{match.Groups[1].Value} BETWEEN now() - interval '6 hours' AND now()");
        Assert.DoesNotContain("$__", expanded, StringComparison.Ordinal);

        await using var command = postgres.DataSource.CreateCommand(expanded);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }

        Assert.True(reader.FieldCount > 0, $"{panel}: the query returns no columns");
    }

    [GeneratedRegex(@"\$__timeFilter\(([a-z_]+)\)")]
    private static partial Regex TimeFilter();
}
