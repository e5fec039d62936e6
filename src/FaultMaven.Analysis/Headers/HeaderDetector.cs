namespace FaultMaven.Analysis.Headers;

/// <summary>The header layout chosen for a sample of lines, and the share of those lines it explains.</summary>
public sealed record DetectedHeader(HeaderFormat Format, double Coverage);

/// <summary>
/// Picks the header layout of a log from its first lines: every candidate layout is tried, a line counts only when
/// each field holds a plausible value for its name (a level is a level word, a pid is a number, a time has digits),
/// and the layout explaining the most lines wins, the more specific one on a tie.
/// </summary>
public static class HeaderDetector
{
    /// <summary>A candidate must explain at least this share of the sample, else the whole line is the content.</summary>
    private const double MinimumCoverage = 0.6;

    private static readonly HashSet<string> LevelWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "TRACE", "DEBUG", "INFO", "INFORMATION", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "SEVERE", "FATAL",
        "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "FINE", "FINER", "FINEST", "CONFIG",
        "V", "D", "I", "W", "E", "F", "A",
    };

    private static readonly HashSet<string> MonthNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };

    public static DetectedHeader Detect(IReadOnlyList<string> sampleLines) => Detect(sampleLines, HeaderCatalog.Common);

    public static DetectedHeader Detect(IReadOnlyList<string> sampleLines, IReadOnlyList<HeaderFormat> candidates)
    {
        var lines = sampleLines.Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
        var best = new DetectedHeader(HeaderFormat.WholeLine, 1.0);
        if (lines.Count == 0)
        {
            return best;
        }

        var bestCoverage = 0.0;
        foreach (var candidate in candidates)
        {
            var coverage = (double)lines.Count(line => Explains(candidate, line)) / lines.Count;
            var moreSpecificTie = coverage == bestCoverage && candidate.Fields.Count > best.Format.Fields.Count;
            if (coverage >= MinimumCoverage && (coverage > bestCoverage || moreSpecificTie))
            {
                best = new DetectedHeader(candidate, coverage);
                bestCoverage = coverage;
            }
        }

        return best;
    }

    private static bool Explains(HeaderFormat format, string line)
    {
        var fields = format.FieldsOf(line);
        return fields is not null && fields.All(field => IsPlausible(field.Key, field.Value));
    }

    private static bool IsPlausible(string field, string value)
    {
        if (field == HeaderFormat.ContentField)
        {
            return true;
        }

        if (value.Length == 0)
        {
            return false;
        }

        return field.ToUpperInvariant() switch
        {
            "LEVEL" => LevelWords.Contains(value),
            "PID" or "TID" or "DAY" => value.All(char.IsAsciiDigit),
            "MONTH" => MonthNames.Contains(value),
            "DATE" or "TIME" or "TIMESTAMP" => value.Any(char.IsAsciiDigit),
            _ => !value.Any(char.IsWhiteSpace),
        };
    }
}
