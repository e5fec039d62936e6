using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>Apache (<c>[Wed Oct 11 14:32:52 2000] [core:error] [pid 1] msg</c>) and nginx (<c>2024/01/02 10:00:00 [error] 1#1: *5 msg</c>) error logs.</summary>
internal sealed partial class WebServerErrorLineParser : ILineParser
{
    public LogFormat Format => LogFormat.WebServerError;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        if (text.Length < 25 || (text[0] != '[' && text[4] != '/'))
        {
            return LineParse.NotRecognized;
        }

        var (match, reader) = text[0] == '[' ? (Apache().Match(text), TimestampReaders.Ctime) : (Nginx().Match(text), TimestampReaders.Iso);
        return match.Success
            ? LineParse.Parsed(PatternFields.ToParsedLine(LogFormat.WebServerError, match, PatternFields.Timestamp(match, context.ReceivedAt, reader), PatternFields.Level(match)))
            : LineParse.NotRecognized;
    }

    [GeneratedRegex(@"^\[(?<ts>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d+)? \d{4})\] \[(?:(?<module>[\w-]+):)?(?<level>[a-z]+)\d?\] (?:\[pid (?<pid>\d+)(?::tid (?<tid>\d+))?\] )?(?:\[client (?<http__client>[^\]]+)\] )?(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Apache();

    [GeneratedRegex(@"^(?<ts>\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}) \[(?<level>[a-z]+)\] (?<pid>\d+)#(?<tid>\d+): (?:\*(?<connection>\d+) )?(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Nginx();
}
