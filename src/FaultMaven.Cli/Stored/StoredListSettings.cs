using System.ComponentModel;
using System.Globalization;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Stored;

/// <summary>
/// What every stored list takes, as the API's list endpoints do: a source, a time range [from, to), a page size and the
/// cursor of the previous page; and <c>--json</c> for scripts.
/// </summary>
public class StoredListSettings : CommandSettings
{
    public const int DefaultLimit = 25;

    [CommandOption("--source <SOURCE>")]
    [Description("Only this source: the Kafka key of the lines, or the name fm push gave them.")]
    public string? Source { get; init; }

    [CommandOption("--from <TIME>")]
    [Description("ISO 8601, inclusive; UTC when it names no offset, e.g. 2026-12-01T06:00:00Z.")]
    public string? From { get; init; }

    [CommandOption("--to <TIME>")]
    [Description("ISO 8601, exclusive; UTC when it names no offset.")]
    public string? To { get; init; }

    [CommandOption("--limit <ROWS>")]
    [Description("At most this many rows, 1 to 1000 (default 25).")]
    public int Limit { get; init; } = DefaultLimit;

    [CommandOption("--cursor <CURSOR>")]
    [Description("The next page: the cursor the previous page printed (its nextCursor in JSON).")]
    public string? Cursor { get; init; }

    [CommandOption("--json")]
    [Description("Print the page as JSON, in the shape the API's list endpoints answer: {\"items\": [[...]], \"nextCursor\": ...}.")]
    public bool Json { get; init; }

    /// <summary>Whether any filter or cursor narrows the list, so that an empty page means "nothing matches" rather than "nothing stored".</summary>
    public virtual bool Narrowed => Source is not null || From is not null || To is not null || Cursor is not null;

    public override ValidationResult Validate() =>
        Problems().FirstOrDefault() is { } problem ? ValidationResult.Error(problem) : ValidationResult.Success();

    /// <summary>The query's paging from these settings (checked by <see cref="Validate"/> first).</summary>
    public TQuery Paged<TQuery>(TQuery query)
        where TQuery : PagedQuery =>
        (TQuery)(query with { From = TimeOf(From), To = TimeOf(To), Cursor = Cursor, Limit = Limit });

    /// <summary>What is wrong with the settings, one message per bad option, naming it.</summary>
    protected virtual IEnumerable<string> Problems()
    {
        foreach (var (option, value) in new[] { ("--from", From), ("--to", To) })
        {
            if (value is not null && !TryParseTime(value, out _))
            {
                yield return $"{option} '{value}' is not an ISO 8601 time, e.g. 2026-12-01T06:00:00Z";
            }
        }

        if (TryParseTime(From, out var from) && TryParseTime(To, out var to) && from >= to)
        {
            yield return "--to must be later than --from";
        }

        if (Limit is < 1 or > PagedQuery.MaxLimit)
        {
            yield return $"--limit must be between 1 and {PagedQuery.MaxLimit}";
        }
    }

    /// <summary>A severity option's value (checked by <see cref="SeverityProblem"/> first), or null when absent.</summary>
    protected static Severity? SeverityOf(string? value) => SeverityNames.TryParse(value, out var severity) ? severity : null;

    /// <summary>Null when <paramref name="value"/> is absent or a severity name; else the message naming the allowed ones.</summary>
    protected static string? SeverityProblem(string option, string? value) =>
        value is null || SeverityNames.TryParse(value, out _)
            ? null
            : $"{option} '{value}' is not a {option.TrimStart('-')}; use one of {SeverityNames.Listed}";

    private static DateTimeOffset? TimeOf(string? value) => TryParseTime(value, out var time) ? time : null;

    private static bool TryParseTime(string? value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
