using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Maps the level spellings found in the wild onto <see cref="Severity"/>.</summary>
public static class SeverityParser
{
    public static Severity Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return Severity.Unknown;
        }

        Span<char> upper = stackalloc char[Math.Min(text.Length, 16)];
        text[..upper.Length].ToUpperInvariant(upper);
        return upper switch
        {
            "TRACE" or "TRC" or "FINEST" or "FINER" or "VERBOSE" or "V" => Severity.Trace,
            "DEBUG" or "DBG" or "FINE" or "D" => Severity.Debug,
            "INFO" or "INF" or "INFORMATION" or "NOTICE" or "I" => Severity.Info,
            "WARN" or "WARNING" or "WRN" or "W" => Severity.Warn,
            "ERROR" or "ERR" or "E" or "SEVERE" or "FAIL" => Severity.Error,
            "FATAL" or "FTL" or "CRIT" or "CRITICAL" or "ALERT" or "EMERG" or "PANIC" or "F" => Severity.Fatal,
            _ => Severity.Unknown,
        };
    }
}
