using System.Collections.Frozen;
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
        (Role.Timestamp, ["@timestamp", "timestamp", "time", "ts", "@t", "t", "datetime", "date", "eventTime", "asctime", "__REALTIME_TIMESTAMP"]),
        (Role.Level, ["level", "severity", "lvl", "loglevel", "log.level", "levelname", "@l", "level_name", "PRIORITY"]),
        (Role.Message, ["message", "msg", "log", "@m", "@mt", "textPayload"]),
        (Role.Service, ["service", "service.name", "app", "application", "logger", "logger_name", "SYSLOG_IDENTIFIER", "kubernetes.labels.app", "kubernetes.labels.app.kubernetes.io/name", "kubernetes.container_name", "name"]),
        (Role.Host, ["host", "hostname", "host.name", "_HOSTNAME", "kubernetes.host", "kubernetes.node_name"]),
    }
    .SelectMany(entry => entry.Names.Select((name, rank) => (name, entry.Role, rank)))
    .ToFrozenDictionary(entry => entry.name, entry => (entry.Role, entry.rank), StringComparer.OrdinalIgnoreCase);

    public static bool IsWellKnown(string name) => Names.ContainsKey(name);

    /// <summary>An empty field dictionary, sized so that a typical line does not make it grow.</summary>
    public static Dictionary<string, string> NewFields(int expected = TypicalFieldCount) => new(expected, StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes the best-ranked field of each role out of <paramref name="fields"/>; what remains are attributes.</summary>
    /// <param name="line">Its text is the message when no field is one.</param>
    public static ParsedLine ToParsedLine(LogFormat format, Dictionary<string, string> fields, DateTimeOffset receivedAt, LogLine line)
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
        if (bestKey[(int)Role.Timestamp] is { } timeKey && TimestampParser.TryParseAny(fields[timeKey], receivedAt, out var parsed))
        {
            timestamp = parsed;
            fields.Remove(timeKey);
        }

        var level = Take(fields, bestKey[(int)Role.Level]) is { } levelText ? SeverityParser.Parse(levelText) : Severity.Unknown;
        var message = Take(fields, bestKey[(int)Role.Message])?.TrimEnd() ?? line.Text;
        var service = KeepOrTake(fields, bestKey[(int)Role.Service]);
        var host = KeepOrTake(fields, bestKey[(int)Role.Host]);
        return new ParsedLine(format, timestamp, level, message, service, host, fields);
    }

    private static string? Take(Dictionary<string, string> fields, string? key) =>
        key is not null && fields.Remove(key, out var value) ? value : null;

    // Kubernetes metadata stays in the attributes even when it also names the service or host.
    private static string? KeepOrTake(Dictionary<string, string> fields, string? key) =>
        key is not null && key.StartsWith("kubernetes.", StringComparison.OrdinalIgnoreCase) ? fields[key] : Take(fields, key);
}
