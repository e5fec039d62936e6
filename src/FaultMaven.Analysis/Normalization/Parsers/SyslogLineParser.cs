using System.Globalization;
using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>Syslog with a priority: RFC 5424 (<c>&lt;165&gt;1 2003-10-11T22:14:15.003Z host app 123 ID47 [sd] msg</c>) and RFC 3164 (<c>&lt;34&gt;Oct 11 22:14:15 host su[12]: msg</c>).</summary>
internal sealed partial class SyslogLineParser : ILineParser
{
    private const int FacilityDivisor = 8;

    public LogFormat Format => LogFormat.Syslog;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        if (text.Length < 4 || text[0] != '<')
        {
            return LineParse.NotRecognized;
        }

        var match = Rfc5424().Match(text);
        var timestampReader = TimestampReaders.Iso;
        if (!match.Success)
        {
            match = Rfc3164().Match(text);
            timestampReader = TimestampReaders.SyslogOrIso;
            if (!match.Success)
            {
                return LineParse.NotRecognized;
            }
        }

        var priority = int.Parse(match.Groups["syslog__priority"].ValueSpan, CultureInfo.InvariantCulture);
        var parsed = PatternFields.ToParsedLine(
            LogFormat.Syslog,
            match,
            PatternFields.Timestamp(match, timestampReader == TimestampReaders.Iso ? context.ReceivedAt : context.DateReference, timestampReader),
            SeverityParser.FromSyslog(priority % FacilityDivisor));
        var attributes = parsed.Attributes ?? WellKnownFields.NewFields();
        attributes["syslog.facility"] = (priority / FacilityDivisor).ToString(CultureInfo.InvariantCulture);
        var elementId = string.Empty;
        foreach (Match token in StructuredDataToken().Matches(match.Groups["syslog__structured_data"].Value))
        {
            if (token.Groups["id"].Success)
            {
                elementId = token.Groups["id"].Value;
                continue;
            }

            attributes[$"sd.{elementId}.{token.Groups["name"].Value}"] = token.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal);
        }

        return LineParse.Parsed(parsed with { Message = parsed.Message.TrimStart('\uFEFF'), Attributes = attributes });
    }

    [GeneratedRegex("""^<(?<syslog__priority>\d{1,3})>1 (?<ts>\S+) (?<host>\S+) (?<service>\S+) (?<pid>\S+) (?<syslog__msgid>\S+) (?<syslog__structured_data>-|(?:\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\])+)(?: (?<msg>.*))?$""", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Rfc5424();

    [GeneratedRegex(@"^<(?<syslog__priority>\d{1,3})>(?<ts>[A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T\S+) (?:(?<host>[^\s:\[]+) )?(?:(?<service>[^\s:\[]+)(?:\[(?<pid>[^\]]*)\])?: )?(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Rfc3164();

    [GeneratedRegex(@"\[(?<id>[^\s\]=]+)|(?<name>[^\s=\]""]+)=""(?<value>(?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex StructuredDataToken();
}
