using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>journalctl's short styles and syslog files without a priority: <c>Jan 02 15:04:05 host sshd[123]: msg</c>, also with an ISO timestamp.</summary>
internal sealed partial class JournaldLineParser : ILineParser
{
    public LogFormat Format => LogFormat.Journald;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        var syslogDate = text.Length > 20 && char.IsAsciiLetterUpper(text[0]) && text[3] == ' ';
        var isoDate = text.Length > 25 && text[4] == '-' && text[10] == 'T';
        if ((!syslogDate && !isoDate) || !text.Contains(": ", StringComparison.Ordinal))
        {
            return LineParse.NotRecognized;
        }

        var match = ShortStyle().Match(text);
        // TIMESTAMP LEVEL logger: message is a logging layout, not a host named ERROR.
        return match.Success && !IsLevelWord(match.Groups["host"].ValueSpan)
            ? LineParse.Parsed(PatternFields.ToParsedLine(LogFormat.Journald, match, PatternFields.Timestamp(match, syslogDate ? context.DateReference : context.ReceivedAt, TimestampReaders.SyslogOrIso), Severity.Unknown))
            : LineParse.NotRecognized;
    }

    private static bool IsLevelWord(ReadOnlySpan<char> host) => host.Length >= 4 && SeverityParser.Parse(host) != Severity.Unknown;

    [GeneratedRegex(@"^(?<ts>[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d+)?|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?) (?<host>[^\s:\[]+) (?<service>[^\s:\[]+)(?:\[(?<pid>\d+)\])?: (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ShortStyle();
}
