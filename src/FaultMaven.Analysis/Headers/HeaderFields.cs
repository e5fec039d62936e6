using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Headers;

/// <summary>What a header field holds, told by its name: the kind of value it must have and where it goes in an event.</summary>
internal enum HeaderFieldRole
{
    Content,
    Level,
    Number,
    Process,
    Month,
    Day,
    Date,
    Time,
    Timestamp,
    Host,
    Component,
    Other,
}

/// <summary>A line read with a <see cref="HeaderFormat"/>.</summary>
/// <param name="Timestamp">From the date and time fields; null when the layout has none or they do not read as a time.</param>
/// <param name="Level"><see cref="Severity.Unknown"/> when the layout has no level field.</param>
/// <param name="Content">The message: the <c>Content</c> field.</param>
/// <param name="Host">The <c>Host</c> or <c>Node</c> field, when the layout has one.</param>
/// <param name="Service">The program: a <c>Program</c> field, or the <c>Component</c> of a layout that names a host (syslog files); a Java layout's component is its logger, an attribute.</param>
/// <param name="Attributes">The other fields (component, pid, thread…) by lower-case field name; null when there are none. <c>-</c> stands for no value and is left out.</param>
public sealed record HeaderLine(DateTimeOffset? Timestamp, Severity Level, string Content, string? Host, string? Service, Dictionary<string, string>? Attributes);

/// <summary>The kinds of header fields: which values are plausible for a field of each name, and how a matched line becomes a <see cref="HeaderLine"/>.</summary>
internal static class HeaderFields
{
    private static readonly HashSet<string> LevelWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "TRACE", "DEBUG", "INFO", "INFORMATION", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "SEVERE", "FATAL",
        "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "FINE", "FINER", "FINEST", "CONFIG",
        "V", "D", "I", "W", "E", "F", "A",
        // PostgreSQL's severities and the parts of a message it writes in the same place (PostgreSQL docs, "Message
        // Severity Levels")
        "LOG", "PANIC", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5", "DETAIL", "HINT", "STATEMENT", "CONTEXT", "QUERY", "LOCATION",
    };

    private static readonly HashSet<string> MonthNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };

    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(" \t\r\n\f\v\u00a0");
    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("0123456789.:-");
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LevelLookup = LevelWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MonthLookup = MonthNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="word"/> is a level word of a header (<c>INFO</c>, <c>warning</c>, logcat's <c>E</c>).</summary>
    public static bool IsLevel(ReadOnlySpan<char> word) => LevelLookup.Contains(word);

    /// <summary>
    /// Whether <paramref name="word"/> is an id enclosed in brackets: digits with dots, colons or dashes between them
    /// inside <c>[…]</c>, <c>&lt;…&gt;</c> or <c>(…)</c> (a <c>[1234]</c> pid, Erlang's <c>&lt;0.15984.0&gt;</c> process
    /// id, as RabbitMQ writes it after the level). A logger prints it beside the level; its brackets tell it from a count
    /// that starts a message.
    /// </summary>
    public static bool IsEnclosedId(ReadOnlySpan<char> word)
    {
        if (word.Length < 3 || (word[0], word[^1]) is not (('[', ']') or ('<', '>') or ('(', ')')))
        {
            return false;
        }

        return IsId(word[1..^1].Trim(' '));
    }

    /// <summary>Digits with dots, colons or dashes between them (<c>1234</c>, <c>0.15984.0</c>): an id as a logger prints it.</summary>
    private static bool IsId(ReadOnlySpan<char> text) =>
        !text.IsEmpty && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[^1]) && !text.ContainsAnyExcept(IdCharacters);

    /// <summary>Whether <paramref name="word"/> is an English month's three-letter name, as syslog writes it.</summary>
    public static bool IsMonth(ReadOnlySpan<char> word) => MonthLookup.Contains(word);

    public static HeaderFieldRole RoleOf(string field) => field.ToUpperInvariant() switch
    {
        "CONTENT" => HeaderFieldRole.Content,
        "LEVEL" => HeaderFieldRole.Level,
        "PID" or "TID" or "SEQ" => HeaderFieldRole.Number,
        "PROCESS" => HeaderFieldRole.Process,
        "MONTH" => HeaderFieldRole.Month,
        "DAY" => HeaderFieldRole.Day,
        "DATE" => HeaderFieldRole.Date,
        "TIME" => HeaderFieldRole.Time,
        "TIMESTAMP" => HeaderFieldRole.Timestamp,
        "HOST" or "NODE" => HeaderFieldRole.Host,
        "COMPONENT" or "PROGRAM" => HeaderFieldRole.Component,
        _ => HeaderFieldRole.Other,
    };

    /// <summary>
    /// Whether <paramref name="value"/> is a value of the kind of field <paramref name="field"/> of <paramref name="format"/>:
    /// a level is a level word, a pid a number, a time has digits; only the content, a field of an optional group and an
    /// untyped field in brackets may be empty.
    /// </summary>
    /// <param name="strict">Also require an untyped field to be one word unless brackets delimit it, as detection does to tell layouts apart.</param>
    public static bool IsPlausible(HeaderFormat format, int field, ReadOnlySpan<char> value, bool strict) => value.IsEmpty
        // A blank bracket is a field with no value (log4j's MDC on a thread that set none: "[   ]").
        ? format.Roles[field] == HeaderFieldRole.Content || format.Optional[field] || (format.Bracketed[field] && format.Roles[field] == HeaderFieldRole.Other)
        : IsPlausible(format.Roles[field], value, strict && !format.Bracketed[field])
          // MySQL's priorities in brackets ("[System]", "[Note]"), words that outside brackets begin messages
          || (format.Bracketed[field] && format.Roles[field] == HeaderFieldRole.Level && value is "System" or "Note");

    // Compiled optimized at once: see MaskedLine.Load (unoptimized, the span range helpers it calls box each character).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsPlausible(HeaderFieldRole role, ReadOnlySpan<char> value, bool strict) => role switch
    {
        HeaderFieldRole.Content => true,
        HeaderFieldRole.Level => LevelLookup.Contains(value),
        HeaderFieldRole.Number or HeaderFieldRole.Day => !value.ContainsAnyExceptInRange('0', '9'),
        // In the layout's own brackets (\[<Process>\]) the field holds the id alone.
        HeaderFieldRole.Process => IsEnclosedId(value) || IsId(value),
        HeaderFieldRole.Month => MonthLookup.Contains(value),
        HeaderFieldRole.Date or HeaderFieldRole.Time => IsClockWord(value, strict),
        // A timestamp in one field is an epoch, or a date with its time of day that reads as one: a layout the normalizer
        // leaves to its own parser (the journal's) must not claim a line that parser would not read.
        HeaderFieldRole.Timestamp => IsClockWord(value, strict) && (!strict || !value.ContainsAnyExceptInRange('0', '9')
            || TimestampParser.TryParseFractionalEpoch(value, out _)
            || (value.Contains(':') && TimestampParser.TryParseHeader(value, DateTimeOffset.UnixEpoch, out _))),
        // A host or node name starts with a letter or digit: "[INFO]" after a time is a level, not a host.
        HeaderFieldRole.Host => !strict || (char.IsAsciiLetterOrDigit(value[0]) && !value.ContainsAny(WhiteSpace)),
        _ => !strict || !value.ContainsAny(WhiteSpace),
    };

    /// <summary>
    /// Digits in it; in detection also one word unless brackets delimit it, so that a thread id after the time is not read
    /// as part of it, and starting with a digit, as dates and times do, so that a bracketed clock or a <c>{file.py:12}</c>
    /// column is not taken for one.
    /// </summary>
    private static bool IsClockWord(ReadOnlySpan<char> value, bool strict) =>
        value.ContainsAnyInRange('0', '9') && (!strict || (char.IsAsciiDigit(value[0]) && !value.ContainsAny(WhiteSpace)));

    public static HeaderLine Read(HeaderFormat format, string line, ReadOnlySpan<Range> ranges, DateTimeOffset receivedAt)
    {
        var level = Severity.Unknown;
        string? content = null;
        string? host = null;
        string? service = null;
        Dictionary<string, string>? attributes = null;
        for (var i = 0; i < ranges.Length; i++)
        {
            var value = line.AsSpan()[ranges[i]];
            switch (format.Roles[i])
            {
                case HeaderFieldRole.Content:
                    content = line[ranges[i]];
                    break;
                case HeaderFieldRole.Level:
                    level = SeverityParser.Parse(value);
                    break;
                case HeaderFieldRole.Host:
                    host = value.ToString();
                    break;
                case HeaderFieldRole.Component when format.NamesHost || !format.Fields[i].Equals("Component", StringComparison.OrdinalIgnoreCase):
                    service = value.ToString();
                    break;
                case HeaderFieldRole.Number or HeaderFieldRole.Process or HeaderFieldRole.Component or HeaderFieldRole.Other when value is not ("" or "-"):
                    (attributes ??= new Dictionary<string, string>(ranges.Length, StringComparer.OrdinalIgnoreCase))[format.AttributeNames[i]] = value.ToString();
                    break;
            }
        }

        DateTimeOffset? timestamp = format.Timestamp.TryRead(line, ranges, receivedAt, out var at) ? at : null;
        return new HeaderLine(timestamp, level, content!, host, service, attributes);
    }
}

/// <summary>Which fields of a layout make its timestamp, and how they are read; chosen once per layout by field names.</summary>
internal sealed class HeaderTimestamp
{
    private const int MaxLength = 64;

    private readonly int epoch = -1;
    private readonly int month = -1;
    private readonly int day = -1;
    private readonly int date = -1;
    private readonly int time = -1;

    private HeaderTimestamp(IReadOnlyList<HeaderFieldRole> roles)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            switch (roles[i])
            {
                case HeaderFieldRole.Timestamp:
                    epoch = i;
                    break;
                case HeaderFieldRole.Month:
                    month = i;
                    break;
                case HeaderFieldRole.Day:
                    day = i;
                    break;
                case HeaderFieldRole.Date:
                    date = i;
                    break;
                case HeaderFieldRole.Time:
                    time = i;
                    break;
            }
        }
    }

    public static HeaderTimestamp For(IReadOnlyList<HeaderFieldRole> roles) => new(roles);

    /// <summary>
    /// An epoch <c>Timestamp</c> field first, whole or with a fraction (supercomputer logs carry one beside their local-time columns); then month, day
    /// and time as syslog writes them; then the date and time fields read as one text; then a time field on its own; then
    /// a <c>Timestamp</c> field read as written text.
    /// </summary>
    public bool TryRead(ReadOnlySpan<char> line, ReadOnlySpan<Range> ranges, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        value = default;
        if (epoch >= 0 && ((long.TryParse(line[ranges[epoch]], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && TimestampParser.TryFromEpoch(seconds, out value)) || TimestampParser.TryParseFractionalEpoch(line[ranges[epoch]], out value)))
        {
            return true;
        }

        if (month >= 0 && day >= 0 && time >= 0)
        {
            return TryJoined(line[ranges[month]], line[ranges[day]], line[ranges[time]], receivedAt, out value);
        }

        if (date >= 0 && time >= 0)
        {
            return TryJoined(line[ranges[date]], [], line[ranges[time]], receivedAt, out value);
        }

        if (time >= 0)
        {
            return TimestampParser.TryParseHeader(line[ranges[time]], receivedAt, out value);
        }

        // A Timestamp field that holds a written time rather than an epoch (Spring Boot 3's ISO 8601, logfmt's ts=).
        return epoch >= 0 && TimestampParser.TryParseHeader(line[ranges[epoch]], receivedAt, out value);
    }

    private static bool TryJoined(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        value = default;
        var length = first.Length + 1 + (second.IsEmpty ? 0 : second.Length + 1) + third.Length;
        if (length > MaxLength)
        {
            return false;
        }

        Span<char> joined = stackalloc char[length];
        first.CopyTo(joined);
        var position = first.Length;
        joined[position++] = ' ';
        if (!second.IsEmpty)
        {
            second.CopyTo(joined[position..]);
            position += second.Length;
            joined[position++] = ' ';
        }

        third.CopyTo(joined[position..]);
        return TimestampParser.TryParseHeader(joined, receivedAt, out value);
    }
}
