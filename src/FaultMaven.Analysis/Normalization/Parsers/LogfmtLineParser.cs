using System.Buffers;
using System.Text;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>logfmt: <c>key=value key="quoted value" flag</c>, as written by Go's slog/logrus and Heroku.</summary>
internal sealed class LogfmtLineParser : ILineParser
{
    private const int MinimumPairs = 2;
    private static readonly SearchValues<char> KeyChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-@/");

    public LogFormat Format => LogFormat.Logfmt;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text.AsSpan();
        var firstKeyEnd = text.IndexOfAnyExcept(KeyChars);
        if (firstKeyEnd < 1 || text[firstKeyEnd] != '=')
        {
            return LineParse.NotRecognized;
        }

        var fields = WellKnownFields.NewFields();
        var pairs = 0;
        var position = 0;
        while (position < text.Length)
        {
            var keyStart = position;
            while (position < text.Length && IsKeyChar(text[position]))
            {
                position++;
            }

            if (position == keyStart || (position < text.Length && text[position] != '=' && text[position] != ' '))
            {
                return LineParse.NotRecognized;
            }

            var key = text[keyStart..position].ToString();
            var value = string.Empty;
            if (position < text.Length && text[position] == '=')
            {
                position++;
                if (!TryReadValue(text, ref position, out value))
                {
                    return LineParse.NotRecognized;
                }

                pairs++;
            }

            fields[key] = value;
            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }
        }

        return pairs < MinimumPairs
            ? LineParse.NotRecognized
            : LineParse.Parsed(WellKnownFields.ToParsedLine(LogFormat.Logfmt, fields, context, line));
    }

    private static bool TryReadValue(ReadOnlySpan<char> text, ref int position, out string value)
    {
        if (position < text.Length && text[position] == '"')
        {
            var builder = new StringBuilder();
            for (position++; position < text.Length; position++)
            {
                var c = text[position];
                if (c == '"')
                {
                    position++;
                    value = builder.ToString();
                    return position == text.Length || text[position] == ' ';
                }

                if (c == '\\' && position + 1 < text.Length)
                {
                    c = text[++position] switch { 'n' => '\n', 't' => '\t', var escaped => escaped };
                }

                builder.Append(c);
            }

            value = string.Empty;
            return false;
        }

        var start = position;
        while (position < text.Length && text[position] != ' ')
        {
            position++;
        }

        value = text[start..position].ToString();
        return true;
    }

    private static bool IsKeyChar(char c) => KeyChars.Contains(c);
}
