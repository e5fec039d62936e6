namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>The fallback: any line is an event; a leading ISO timestamp (optionally in brackets) is used when there is one.</summary>
internal sealed class PlainTextLineParser : ILineParser
{
    public LogFormat Format => LogFormat.PlainText;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        var bracketed = text.StartsWith('[') ? 1 : 0;
        DateTimeOffset? timestamp = null;
        var message = text;
        if (TimestampParser.TryParseIsoPrefix(text.AsSpan(bracketed), out var parsed, out var length))
        {
            var end = bracketed + length;
            if (bracketed == 1 && end < text.Length && text[end] == ']')
            {
                end++;
            }

            if (end < text.Length && char.IsWhiteSpace(text[end]))
            {
                timestamp = parsed;
                message = text[end..].TrimStart();
            }
        }

        return LineParse.Parsed(new ParsedLine(LogFormat.PlainText, timestamp, MultiLineRules.CrashLevel(message), message));
    }
}
