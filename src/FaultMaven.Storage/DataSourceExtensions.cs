using Dapper;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>Dapper calls on a connection borrowed from the data source for one command.</summary>
internal static class DataSourceExtensions
{
    public static async Task<int> ExecuteAsync(
        this NpgsqlDataSource dataSource, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(
        this NpgsqlDataSource dataSource, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
