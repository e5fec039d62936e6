using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>Kubernetes' klog: <c>I0102 15:04:05.123456    1 file.go:12] msg</c>.</summary>
internal sealed partial class KlogLineParser : ILineParser
{
    public LogFormat Format => LogFormat.Klog;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        if (text.Length < 30 || text[0] is not ('I' or 'W' or 'E' or 'F') || !char.IsAsciiDigit(text[1]))
        {
            return LineParse.NotRecognized;
        }

        var match = Header().Match(text);
        return match.Success
            ? LineParse.Parsed(PatternFields.ToParsedLine(LogFormat.Klog, match, PatternFields.Timestamp(match, context.DateReference, TimestampReaders.MonthDay), PatternFields.Level(match)))
            : LineParse.NotRecognized;
    }

    [GeneratedRegex(@"^(?<level>[IWEF])(?<ts>\d{4} \d{2}:\d{2}:\d{2}\.\d{6})\s+(?<tid>\d+) (?<source__file>[^:\]\s]+):(?<source__line>\d+)\] (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Header();
}
