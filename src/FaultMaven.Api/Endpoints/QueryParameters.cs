using System.Globalization;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FaultMaven.Api.Endpoints;

/// <summary>The paging parameters every list endpoint takes: a time range [from, to), a cursor and a page size.</summary>
/// <remarks>
/// Named explicitly because <c>[AsParameters]</c> documents a record's parameters under their C# names (<c>From</c>),
/// beside the camelCase names of the endpoints' own parameters; binding is case-insensitive either way.
/// </remarks>
public sealed record PageRequest(
    [FromQuery(Name = "from")] string? From = null,
    [FromQuery(Name = "to")] string? To = null,
    [FromQuery(Name = "cursor")] string? Cursor = null,
    [FromQuery(Name = "limit")] int? Limit = null);

/// <summary>Parses query-string values, collecting one message per bad parameter for a validation problem response.</summary>
public sealed class QueryParameters
{
    private readonly Dictionary<string, string[]> errors = [];

    public IDictionary<string, string[]> Errors => errors;

    public bool IsValid => errors.Count == 0;

    public DateTimeOffset? Time(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors[name] = [$"'{value}' is not an ISO 8601 time, e.g. 2026-11-25T12:00:00Z"];
        return null;
    }

    public Severity? Severity(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (SeverityNames.TryParse(value, out var severity))
        {
            return severity;
        }

        errors[name] = [$"'{value}' is not a {name}; use one of {SeverityNames.Listed}"];
        return null;
    }

    /// <summary>A value that must be one of <paramref name="allowed"/> (exactly, as the API lists them); null when absent.</summary>
    public string? OneOf(string name, string? value, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value) || allowed.Contains(value, StringComparer.Ordinal))
        {
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        errors[name] = [$"'{value}' is not a {name}; use one of {string.Join(", ", allowed)}"];
        return null;
    }

    public int Limit(string name, int? value)
    {
        if (value is null)
        {
            return 100;
        }

        if (value is >= 1 and <= PagedQuery.MaxLimit)
        {
            return value.Value;
        }

        errors[name] = [$"must be between 1 and {PagedQuery.MaxLimit}"];
        return 100;
    }

    /// <summary>
    /// Applies <paramref name="page"/> to the <paramref name="filter"/>, runs the query when every parameter is valid,
    /// and answers with the page, or with a validation problem naming each bad parameter.
    /// </summary>
    public async Task<Results<Ok<PageResponse<TResponse>>, ValidationProblem>> PageAsync<TQuery, TItem, TResponse>(TQuery filter, PageRequest page, Func<TQuery, Task<Page<TItem>>> run, Func<TItem, TResponse> toResponse)
        where TQuery : PagedQuery
    {
        var query = (TQuery)(filter with
        {
            From = Time("from", page.From),
            To = Time("to", page.To),
            Cursor = page.Cursor,
            Limit = Limit("limit", page.Limit),
        });
        Range(query.From, query.To);
        if (!IsValid)
        {
            return TypedResults.ValidationProblem(Errors);
        }

        try
        {
            var result = await run(query);
            return TypedResults.Ok(new PageResponse<TResponse>(result.Items.Select(toResponse).ToList(), result.NextCursor));
        }
        catch (ArgumentException)
        {
            // Storage rejects a cursor it did not issue; only a client can have mangled it.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["not a cursor returned by this endpoint"] });
        }
    }

    public void Range(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is not null && to is not null && from >= to)
        {
            errors["to"] = ["must be later than 'from'"];
        }
    }
}
