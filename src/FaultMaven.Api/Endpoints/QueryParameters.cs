using System.Globalization;
using FaultMaven.Contracts;
using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

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

        if (Enum.TryParse<Severity>(value, ignoreCase: true, out var severity) && Enum.IsDefined(severity) && !int.TryParse(value, out _))
        {
            return severity;
        }

        errors[name] = [$"'{value}' is not a level; use one of {string.Join(", ", Enum.GetNames<Severity>().Select(n => n.ToLowerInvariant()))}"];
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

    /// <summary>Runs a paged query; null when the storage rejects the cursor, which only a client can have mangled.</summary>
    public static async Task<Page<T>?> Paged<T>(Func<Task<Page<T>>> query)
    {
        try
        {
            return await query();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static IResult BadCursor() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["not a cursor returned by this endpoint"] });

    public void Range(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is not null && to is not null && from >= to)
        {
            errors["to"] = ["must be later than 'from'"];
        }
    }
}
