using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>
/// Turns a regex match into a <see cref="ParsedLine"/> by group name: <c>msg</c> is the message, <c>host</c> and <c>service</c>
/// fill those fields, <c>ts</c> and <c>level</c> are read by the parser, and every other group becomes an attribute
/// (<c>__</c> in a group name stands for a dot). Groups that did not match or hold <c>-</c> are left out.
/// </summary>
internal static class PatternFields
{
    private static readonly ConcurrentDictionary<string, string> AttributeNames = new();

    public static ParsedLine ToParsedLine(LogFormat format, Match match, DateTimeOffset? timestamp, Severity level, bool continuesPrevious = false)
    {
        Dictionary<string, string>? attributes = null;
        string? host = null;
        string? service = null;
        foreach (Group group in match.Groups)
        {
            if (!group.Success || group.Length == 0 || group.ValueSpan is "-" || char.IsAsciiDigit(group.Name[0]))
            {
                continue;
            }

            switch (group.Name)
            {
                case "ts" or "level" or "msg":
                    break;
                case "host":
                    host = group.Value;
                    break;
                case "service":
                    service = group.Value;
                    break;
                default:
                    (attributes ??= WellKnownFields.NewFields(match.Groups.Count))[AttributeNames.GetOrAdd(group.Name, static name => name.Replace("__", ".", StringComparison.Ordinal))] = group.Value;
                    break;
            }
        }

        return new ParsedLine(format, timestamp, level, match.Groups["msg"].Value, service, host, attributes, continuesPrevious);
    }

    /// <summary>The timestamp from group <c>ts</c> read by <paramref name="read"/>, or null when absent or unreadable.</summary>
    public static DateTimeOffset? Timestamp(Match match, DateTimeOffset receivedAt, TimestampReader read) =>
        match.Groups["ts"] is { Success: true } group && read(group.ValueSpan, receivedAt, out var value) ? value : null;

    public static Severity Level(Match match) =>
        match.Groups["level"] is { Success: true } group ? SeverityParser.Parse(group.ValueSpan) : Severity.Unknown;
}

/// <summary>Reads one timestamp spelling; <paramref name="receivedAt"/> supplies what the text leaves out.</summary>
internal delegate bool TimestampReader(ReadOnlySpan<char> text, DateTimeOffset receivedAt, out DateTimeOffset value);

/// <summary>The <see cref="TimestampParser"/> methods as <see cref="TimestampReader"/>s.</summary>
internal static class TimestampReaders
{
    public static readonly TimestampReader Iso = (text, _, out value) => TimestampParser.TryParseIso(text, out value);
    public static readonly TimestampReader SyslogOrIso = (text, receivedAt, out value) =>
        TimestampParser.TryParseSyslog(text, receivedAt, out value) || TimestampParser.TryParseIso(text, out value);
    public static readonly TimestampReader Apache = (text, _, out value) => TimestampParser.TryParseDayMonthName(text, out value);
    public static readonly TimestampReader Ctime = (text, _, out value) => TimestampParser.TryParseCtime(text, out value);
    public static readonly TimestampReader MonthDay = TimestampParser.TryParseMonthDay;
    public static readonly TimestampReader LoggingLibrary = (text, receivedAt, out value) =>
        TimestampParser.TryParseIso(text, out value) || TimestampParser.TryParseTimeOfDay(text, receivedAt, out value)
        || TimestampParser.TryParseShortYear(text, out value) || TimestampParser.TryParseMonthDay(text, receivedAt, out value);
}
