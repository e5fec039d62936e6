using System.Globalization;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>Apache and nginx access logs, common and combined: <c>1.2.3.4 - bob [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 2326 "ref" "agent"</c>.</summary>
internal sealed partial class AccessLogLineParser : ILineParser
{
    public LogFormat Format => LogFormat.AccessLog;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        if (!line.Text.Contains("] \"", StringComparison.Ordinal))
        {
            return LineParse.NotRecognized;
        }

        var match = CommonOrCombined().Match(line.Text);
        if (!match.Success)
        {
            return LineParse.NotRecognized;
        }

        var status = int.Parse(match.Groups["http__status"].ValueSpan, CultureInfo.InvariantCulture);
        var parsed = PatternFields.ToParsedLine(LogFormat.AccessLog, match, PatternFields.Timestamp(match, context.ReceivedAt, TimestampReaders.Apache), SeverityParser.FromHttpStatus(status));
        return LineParse.Parsed(parsed with { Message = $"{match.Groups["msg"].ValueSpan} {status}" });
    }

    [GeneratedRegex("""^(?<http__client_ip>\S+) (?<ident>\S+) (?<user>\S+) \[(?<ts>[^\]]+)\] "(?<msg>(?<http__method>[A-Z]+) (?<http__path>\S+)(?: (?<http__protocol>[^"\s]+))?|[^"]*)" (?<http__status>\d{3}) (?<http__bytes>\d+|-)(?: "(?<http__referer>[^"]*)" "(?<http__user_agent>[^"]*)")?(?<extra>.*)$""", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex CommonOrCombined();
}
