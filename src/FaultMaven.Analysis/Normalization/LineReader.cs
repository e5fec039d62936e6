using System.Text;
using System.Text.Unicode;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Splits a record's bytes into non-blank <see cref="LogLine"/>s: invalid UTF-8 is replaced and flagged, over-long lines are cut and flagged.</summary>
internal static class LineReader
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static List<LogLine> Read(ReadOnlyMemory<byte> value, int maxLineBytes)
    {
        var lines = new List<LogLine>();
        var remaining = value;
        if (remaining.Span.StartsWith(Utf8Bom))
        {
            remaining = remaining[Utf8Bom.Length..];
        }

        while (!remaining.IsEmpty)
        {
            var end = remaining.Span.IndexOf((byte)'\n');
            var original = end < 0 ? remaining : remaining[..end];
            remaining = end < 0 ? ReadOnlyMemory<byte>.Empty : remaining[(end + 1)..];
            var content = original.Span.TrimEnd("\r"u8);
            if (IsBlank(content))
            {
                continue;
            }

            lines.Add(Decode(original, original[..content.Length], lines.Count, maxLineBytes));
        }

        return lines;
    }

    private static LogLine Decode(ReadOnlyMemory<byte> original, ReadOnlyMemory<byte> content, int index, int maxLineBytes)
    {
        var truncated = content.Length > maxLineBytes;
        if (truncated)
        {
            content = content[..Utf8Boundary(content.Span, maxLineBytes)];
        }

        var valid = Utf8.IsValid(content.Span);
        var utf8 = valid ? content : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content.Span));
        return new LogLine(utf8, original, index, invalidUtf8: !valid, truncated);
    }

    /// <summary>Where to cut at most <paramref name="limit"/> bytes without splitting a multi-byte character.</summary>
    public static int Utf8Boundary(ReadOnlySpan<byte> bytes, int limit)
    {
        var cut = limit;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return cut;
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept(" \t\r\f\v"u8) < 0;
}
