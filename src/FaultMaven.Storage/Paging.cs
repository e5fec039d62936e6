using System.Globalization;
using System.Text;
using Dapper;
using FaultMaven.Contracts;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>What every list query has: a time range [<see cref="From"/>, <see cref="To"/>) and newest-first paging.</summary>
public abstract record PagedQuery
{
    public const int MaxLimit = 1000;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>The <see cref="Page{T}.NextCursor"/> of the previous page; null for the first page.</summary>
    public string? Cursor { get; init; }

    public int Limit { get; init; } = 100;
}

/// <summary>One page of results, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// A newest-first keyset query over a (time, id) pair of columns: filters, then
/// <c>ORDER BY time DESC, id DESC</c>, continuing strictly after the cursor's row.
/// </summary>
internal sealed class KeysetQuery<TId>(string timeColumn, string idColumn)
    where TId : IParsable<TId>
{
    private readonly List<string> conditions = [];
    private readonly DynamicParameters parameters = new();

    /// <summary>Keeps rows whose <paramref name="column"/> equals <paramref name="value"/>; no condition when it is null.</summary>
    public KeysetQuery<TId> WhereEqual(string column, string? value) =>
        value is null ? this : Where($"{column} = @{column}", new Dictionary<string, object> { [column] = value });

    /// <summary>Keeps rows whose severity <paramref name="column"/> is at least <paramref name="minimum"/>; no condition when it is null.</summary>
    public KeysetQuery<TId> WhereSeverityAtLeast(string column, Severity? minimum) =>
        minimum is { } severity
            ? Where($"{column} = ANY(@{column})", new Dictionary<string, object> { [column] = Columns.SeveritiesFrom(severity) })
            : this;

    /// <summary>Keeps rows whose source <paramref name="column"/> the <paramref name="scope"/> allows.</summary>
    public KeysetQuery<TId> WhereVisible(string column, SourceScope scope) =>
        scope.Sql(column) is (string condition, object sqlParameters) ? Where(condition, sqlParameters) : this;

    public async Task<Page<TItem>> ReadPageAsync<TRow, TItem>(
        NpgsqlDataSource dataSource,
        string select,
        PagedQuery query,
        Func<TRow, TItem> toItem,
        Func<TItem, (DateTimeOffset Time, TId Id)> keyOf,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query.Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, PagedQuery.MaxLimit, nameof(query.Limit));
        if (query.From is { } from)
        {
            Where($"{timeColumn} >= @pageFrom", new { pageFrom = from.ToUniversalTime() });
        }

        if (query.To is { } to)
        {
            Where($"{timeColumn} < @pageTo", new { pageTo = to.ToUniversalTime() });
        }

        if (query.Cursor is { } cursor)
        {
            var (afterTime, afterId) = KeysetCursor.Decode<TId>(cursor);
            Where($"({timeColumn}, {idColumn}) < (@afterTime, @afterId)", new { afterTime, afterId });
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        parameters.Add("pageRows", query.Limit + 1);
        var rows = await dataSource.QueryAsync<TRow>(
            $"{select} {where} ORDER BY {timeColumn} DESC, {idColumn} DESC LIMIT @pageRows", parameters, cancellationToken);

        var items = rows.Take(query.Limit).Select(toItem).ToList();
        var next = rows.Count > query.Limit ? KeysetCursor.Encode(keyOf(items[^1])) : null;
        return new Page<TItem>(items, next);
    }

    private KeysetQuery<TId> Where(string condition, object conditionParameters)
    {
        conditions.Add(condition);
        parameters.AddDynamicParams(conditionParameters);
        return this;
    }
}

/// <summary>An opaque page cursor: the (time, id) of the last row returned.</summary>
internal static class KeysetCursor
{
    public static string Encode<TId>((DateTimeOffset Time, TId Id) key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key.Time.UtcTicks}:{key.Id}")));

    public static (DateTimeOffset Time, TId Id) Decode<TId>(string cursor)
        where TId : IParsable<TId>
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var separator = text.IndexOf(':', StringComparison.Ordinal);
            var ticks = long.Parse(text.AsSpan(0, separator), CultureInfo.InvariantCulture);
            return (new DateTimeOffset(ticks, TimeSpan.Zero), TId.Parse(text[(separator + 1)..], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException($"'{cursor}' is not a cursor returned by this query.", nameof(cursor), e);
        }
    }
}
