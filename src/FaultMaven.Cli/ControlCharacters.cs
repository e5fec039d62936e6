using System.Buffers;
using System.Globalization;
using System.Text;

namespace FaultMaven.Cli;

/// <summary>
/// How fm writes text that came from logs (or from anyone who can send the API text) into its CSV, tables and lists:
/// every control character but tab (C0 from NUL to US, DEL, and C1 from U+0080 to U+009F) becomes <c>\xHH</c>, its
/// code in two upper-case hex digits. So no log line can move the terminal's cursor, recolour it, set its title or
/// clipboard (ESC and C1 CSI/OSC sequences), or break a CSV row (CR, LF); and nothing is lost, because a backslash
/// that would read as such an escape (a backslash, <c>x</c>, two hex digits) is written <c>\x5C</c>. To read the
/// text back, replace each <c>\x</c> followed by two hex digits with the character of that code (src/FaultMaven.Cli/README.md).
/// </summary>
public static class ControlCharacters
{
    private static readonly SearchValues<char> Special = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(code => (char)code).Where(IsEscaped), '\\']);

    /// <summary><paramref name="text"/> with its control characters escaped; the same instance when it has none.</summary>
    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny(Special);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' ? ReadsAsEscape(text, i) : IsEscaped(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static bool IsEscaped(char c) => c is (< ' ' and not '\t') or (>= '\x7F' and <= '\x9F');

    private static bool ReadsAsEscape(string text, int backslash) =>
        backslash + 3 < text.Length && text[backslash + 1] == 'x' && char.IsAsciiHexDigit(text[backslash + 2]) && char.IsAsciiHexDigit(text[backslash + 3]);
}
