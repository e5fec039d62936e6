using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>The fallback: any line is an event; a leading ISO timestamp is used when there is one.</summary>
internal sealed partial class PlainTextLineParser : ILineParser
{
    public LogFormat Format => LogFormat.PlainText;

    public LineParse Parse(in LogLine line, in ParseContext context)
    {
        var match = LeadingTimestamp().Match(line.Text);
        var timestamp = match.Success ? PatternFields.Timestamp(match, context.ReceivedAt, TimestampReaders.Iso) : null;
        var message = timestamp is null ? line.Text : match.Groups["msg"].Value;
        return LineParse.Parsed(new ParsedLine(LogFormat.PlainText, timestamp, MultiLineRules.CrashLevel(message), message));
    }

    [GeneratedRegex(@"^\[?(?<ts>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s+(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex LeadingTimestamp();
}
