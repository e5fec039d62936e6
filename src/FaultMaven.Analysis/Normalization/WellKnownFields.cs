using System.Collections.Frozen;
using System.Text.Json;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Maps the field names used in the wild (JSON, logfmt, CSV headers) onto the parts of a <see cref="LogEvent"/>.</summary>
internal static class WellKnownFields
{
    private enum Role
    {
        Timestamp,
        Level,
        Message,
        Service,
        Host,
    }

    private const int RoleCount = 5;
    private const int TypicalFieldCount = 12;

    // Earlier names win when a record carries several spellings of the same role.
    private static readonly FrozenDictionary<string, (Role Role, int Rank)> Names = new (Role Role, string[] Names)[]
    {
        (Role.Timestamp, ["@timestamp", "timestamp", "time", "ts", "@t", "t", "datetime", "date", "eventTime", "asctime", "__REALTIME_TIMESTAMP", "_time"]),
        (Role.Level, ["level", "severity", "lvl", "loglevel", "log.level", "levelname", "@l", "level_name", "PRIORITY"]),
        (Role.Message, [RecordFields.RawText, "message", "msg", "log", "@m", "@mt", "textPayload"]),
        (Role.Service, ["service", "service.name", "app", "application", "logger", "logger_name", "SYSLOG_IDENTIFIER", "kubernetes.labels.app", "kubernetes.labels.app.kubernetes.io/name", "kubernetes.container_name", "name"]),
        (Role.Host, ["host", "hostname", "host.name", "_HOSTNAME", "kubernetes.host", "kubernetes.node_name"]),
    }
    .SelectMany(entry => entry.Names.Select((name, rank) => (name, entry.Role, rank)))
    .ToFrozenDictionary(entry => entry.name, entry => (entry.Role, entry.rank), StringComparer.OrdinalIgnoreCase);

    public static bool IsWellKnown(string name) => Names.ContainsKey(name);

    /// <summary>
    /// The first line of the raw text a JSON record carries as <see cref="RecordFields.RawText"/>, so that a source of
    /// such records learns its header layout from the lines they carry; null for any other line.
    /// </summary>
    public static string? CarriedText(LogLine line)
    {
        var bytes = line.Utf8.Span.TrimStart(" \t"u8);
        // The field's name in quotes: most JSON lines lack it and are not read twice.
        if (bytes.IsEmpty || bytes[0] != (byte)'{' || bytes.IndexOf("\"_raw\""u8) < 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRawText = reader.ValueTextEquals(RecordFields.RawText);
                reader.Read();
                if (isRawText && reader.TokenType == JsonTokenType.String)
                {
                    var text = reader.GetString()!;
                    var newline = text.IndexOf('\n');
                    return (newline < 0 ? text : text[..newline]).TrimEnd();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the line is learned from as it is.
        }

        return null;
    }

    /// <summary>An empty field dictionary, sized so that a typical line does not make it grow.</summary>
    public static Dictionary<string, string> NewFields(int expected = TypicalFieldCount) => new(expected, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Takes the best-ranked field of each role out of <paramref name="fields"/>; what remains are attributes. A
    /// <see cref="RecordFields.RawText"/> message is read as the line it was (<see cref="WithRawText"/>).
    /// </summary>
    /// <param name="line">Its text is the message when no field is one.</param>
    public static ParsedLine ToParsedLine(LogFormat format, Dictionary<string, string> fields, in ParseContext context, LogLine line)
    {
        Span<int> bestRank = stackalloc int[RoleCount];
        bestRank.Fill(int.MaxValue);
        var bestKey = new string?[RoleCount];
        foreach (var key in fields.Keys)
        {
            if (Names.TryGetValue(key, out var known) && known.Rank < bestRank[(int)known.Role])
            {
                bestRank[(int)known.Role] = known.Rank;
                bestKey[(int)known.Role] = key;
            }
        }

        DateTimeOffset? timestamp = null;
        if (bestKey[(int)Role.Timestamp] is { } timeKey && TimestampParser.TryParseAny(fields[timeKey], context.ReceivedAt, out var parsed))
        {
            timestamp = parsed;
            fields.Remove(timeKey);
        }

        var level = Take(fields, bestKey[(int)Role.Level]) is { } levelText ? SeverityParser.Parse(levelText) : Severity.Unknown;
        var messageKey = bestKey[(int)Role.Message];
        var message = Take(fields, messageKey)?.TrimEnd() ?? line.Text;
        var service = KeepOrTake(fields, bestKey[(int)Role.Service]);
        var host = KeepOrTake(fields, bestKey[(int)Role.Host]);
        var record = new ParsedLine(format, timestamp, level, message, service, host, fields);
        return string.Equals(messageKey, RecordFields.RawText, StringComparison.OrdinalIgnoreCase) ? WithRawText(record, line, context) : record;
    }

    /// <summary>
    /// A record whose message is an event's raw text (<see cref="RecordFields.RawText"/>) is that line with the
    /// record's fields around it, as Splunk reads a HEC string event: the text is read as a line of the source (its
    /// first line; the others follow its message), and what the record states itself (timestamp, level, service,
    /// host, attributes) wins over what the text says.
    /// </summary>
    private static ParsedLine WithRawText(ParsedLine record, LogLine line, in ParseContext context)
    {
        var text = record.Message;
        var newline = text.IndexOf('\n');
        var read = LineParsers.ReadText(newline < 0 ? text : text[..newline].TrimEnd(), line, context);
        var message = newline < 0 ? read.Message
            : read.Message.Length == 0 ? text[(newline + 1)..].TrimStart()
            : read.Message + text[newline..];
        var attributes = record.Attributes ?? NewFields();
        foreach (var (name, value) in read.Attributes ?? [])
        {
            attributes.TryAdd(name, value);
        }

        return record with
        {
            Timestamp = record.Timestamp ?? read.Timestamp,
            Level = record.Level == Severity.Unknown ? read.Level : record.Level,
            Message = message,
            Service = record.Service ?? read.Service,
            Host = record.Host ?? read.Host,
            Attributes = attributes,
        };
    }

    private static string? Take(Dictionary<string, string> fields, string? key) =>
        key is not null && fields.Remove(key, out var value) ? value : null;

    // Kubernetes metadata stays in the attributes even when it also names the service or host.
    private static string? KeepOrTake(Dictionary<string, string> fields, string? key) =>
        key is not null && key.StartsWith("kubernetes.", StringComparison.OrdinalIgnoreCase) ? fields[key] : Take(fields, key);
}
