using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>PostgreSQL server logs with the default prefix: <c>2024-01-02 10:00:00.123 UTC [123] ERROR:  msg</c>; DETAIL, HINT and the like continue the previous event.</summary>
internal sealed partial class PostgresLineParser : ILineParser
{
    public LogFormat Format => LogFormat.Postgres;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        var prefixed = text.Length >= 30 && text[4] == '-' && text[10] == ' ' && char.IsAsciiDigit(text[0]);
        // Without the log prefix (psql, a pasted server message) the level and the two spaces after it still mark PostgreSQL.
        var bare = !prefixed && text.Length > 6 && char.IsAsciiLetterUpper(text[0]) && text.Contains(":  ", StringComparison.Ordinal);
        if (!prefixed && !bare)
        {
            return LineParse.NotRecognized;
        }

        var match = prefixed ? Prefixed().Match(text) : Bare().Match(text);
        if (!match.Success)
        {
            return LineParse.NotRecognized;
        }

        var kind = match.Groups["level"].Value;
        var continues = kind is "DETAIL" or "HINT" or "STATEMENT" or "CONTEXT" or "QUERY" or "LOCATION";
        var parsed = PatternFields.ToParsedLine(LogFormat.Postgres, match, PatternFields.Timestamp(match, context.ReceivedAt, TimestampReaders.Iso), PatternFields.Level(match), continues);
        return LineParse.Parsed(continues ? parsed with { Message = $"{kind}:  {parsed.Message}" } : parsed);
    }

    [GeneratedRegex(@"^(?<level>DEBUG[1-5]|INFO|NOTICE|WARNING|ERROR|LOG|FATAL|PANIC|DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION):  (?<msg>\S.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Bare();

    // Zone abbreviations other than UTC/GMT are ambiguous, so they are left out of the timestamp (read as UTC).
    [GeneratedRegex(@"^(?<ts>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: (?:UTC|GMT)|[+-]\d{2}(?::?\d{2})?)?)(?: [A-Z]{2,5})? \[(?<pid>\d+)(?:-\d+)?\] (?:(?<db__user>[\w-]*)@(?<db__name>[\w-]*) )?(?<level>DEBUG[1-5]|INFO|NOTICE|WARNING|ERROR|LOG|FATAL|PANIC|DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION):  (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Prefixed();
}
