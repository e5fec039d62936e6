namespace FaultMaven.Contracts;

/// <summary>Normalized log level; the order is the order of seriousness.</summary>
public enum Severity
{
    Unknown = 0,
    Trace = 1,
    Debug = 2,
    Info = 3,
    Warn = 4,
    Error = 5,
    Fatal = 6,
}

/// <summary>
/// Severities as people write them: the lowercase names (<c>warn</c>, <c>error</c>) that the API's filters, <c>fm</c>'s
/// options and configuration keys take, so each of them accepts and words the same values, and the other names the
/// common level schemes give them (<see cref="Synonyms"/>), so <c>--level warning</c> is not refused.
/// </summary>
public static class SeverityNames
{
    /// <summary>
    /// The level names of syslog, Python's logging, .NET's and Serilog's that are not FaultMaven's own, with the severity
    /// each means (as the log parser reads them in lines): <c>warning</c> is <c>warn</c>, <c>err</c> is <c>error</c>,
    /// <c>critical</c>, <c>crit</c>, <c>alert</c> and <c>emerg</c> are <c>fatal</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, Severity> Synonyms { get; } = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase)
    {
        ["verbose"] = Severity.Trace,
        ["information"] = Severity.Info,
        ["notice"] = Severity.Info,
        ["warning"] = Severity.Warn,
        ["err"] = Severity.Error,
        ["critical"] = Severity.Fatal,
        ["crit"] = Severity.Fatal,
        ["alert"] = Severity.Fatal,
        ["emerg"] = Severity.Fatal,
    };

    /// <summary>Every name, least serious first, as a message lists them: <c>unknown, trace, …, fatal</c>.</summary>
    public static string Listed { get; } = string.Join(", ", Enum.GetValues<Severity>().Select(Of));

    /// <summary>The lowercase name of <paramref name="severity"/>, e.g. <c>warn</c>.</summary>
    public static string Of(Severity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>
    /// Reads a severity's name or one of its <see cref="Synonyms"/>, in any case; false for anything else, numbers
    /// included (the enum's values are not part of any interface, and <c>7</c> would otherwise parse as a severity that
    /// does not exist).
    /// </summary>
    public static bool TryParse(string? value, out Severity severity)
    {
        severity = Severity.Unknown;
        return value is not null
               && (Synonyms.TryGetValue(value, out severity)
                   || (!int.TryParse(value, out _) && Enum.TryParse(value, ignoreCase: true, out severity) && Enum.IsDefined(severity)));
    }
}
