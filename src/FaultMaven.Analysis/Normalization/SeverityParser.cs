using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Maps the level spellings and numbers found in the wild onto <see cref="Severity"/>.</summary>
public static class SeverityParser
{
    public static Severity Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Length > 16)
        {
            return Severity.Unknown;
        }

        if (int.TryParse(text, out var number))
        {
            return FromNumber(number);
        }

        Span<char> upper = stackalloc char[text.Length];
        text.ToUpperInvariant(upper);
        return upper switch
        {
            "TRACE" or "TRC" or "TRCE" or "FINEST" or "FINER" or "VERBOSE" or "VRB" or "V" or "T" => Severity.Trace,
            "DEBUG" or "DBG" or "DBUG" or "FINE" or "D" or "DEBUG1" or "DEBUG2" or "DEBUG3" or "DEBUG4" or "DEBUG5" => Severity.Debug,
            "INFO" or "INF" or "INFORMATION" or "NOTICE" or "NOTE" or "SYSTEM" or "I" or "LOG" or "NORMAL" or "CONFIG" => Severity.Info,
            "WARN" or "WARNING" or "WRN" or "W" => Severity.Warn,
            "ERROR" or "ERR" or "E" or "SEVERE" or "FAIL" or "EROR" => Severity.Error,
            "FATAL" or "FTL" or "CRIT" or "CRITICAL" or "ALERT" or "EMERG" or "EMERGENCY" or "PANIC" or "F" or "C" => Severity.Fatal,
            _ => Severity.Unknown,
        };
    }

    /// <summary>Redis's level marks: <c>.</c> debug, <c>-</c> verbose, <c>*</c> notice, <c>#</c> warning.</summary>
    public static Severity FromRedisMark(char mark) => mark switch
    {
        '.' => Severity.Trace,
        '-' => Severity.Debug,
        '*' => Severity.Info,
        '#' => Severity.Warn,
        _ => Severity.Unknown,
    };

    /// <summary>Syslog severities 0-7 (0 is the worst) and bunyan/pino levels 10-60.</summary>
    public static Severity FromNumber(long number) => number switch
    {
        >= 0 and <= 7 => FromSyslog((int)number),
        >= 60 => Severity.Fatal,
        >= 50 => Severity.Error,
        >= 40 => Severity.Warn,
        >= 30 => Severity.Info,
        >= 20 => Severity.Debug,
        >= 10 => Severity.Trace,
        _ => Severity.Unknown,
    };

    /// <summary>The severity part of a syslog priority: 0 emerg to 7 debug.</summary>
    public static Severity FromSyslog(int severity) => severity switch
    {
        <= 2 => Severity.Fatal,
        3 => Severity.Error,
        4 => Severity.Warn,
        5 or 6 => Severity.Info,
        _ => Severity.Debug,
    };

    /// <summary>HTTP status of an access-log line: 5xx is an error, 4xx a warning.</summary>
    public static Severity FromHttpStatus(int status) => status switch
    {
        >= 500 => Severity.Error,
        >= 400 => Severity.Warn,
        _ => Severity.Info,
    };
}
