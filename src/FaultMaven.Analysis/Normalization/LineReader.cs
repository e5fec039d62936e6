using System.Text;
using System.Text.Unicode;

namespace FaultMaven.Analysis.Normalization;

/// <summary>A record's non-blank <see cref="LogLine"/>s, and how many lines it has in all (blank ones included).</summary>
internal sealed record RecordLines(List<LogLine> Lines, int Count)
{
    public int Blank => Count - Lines.Count;
}

/// <summary>
/// Splits a record's bytes into lines as <see cref="LogText"/> defines them and keeps the non-blank ones as
/// <see cref="LogLine"/>s: invalid UTF-8 is replaced and flagged, over-long lines are cut and flagged, and so is a line
/// its producer cut.
/// </summary>
internal static class LineReader
{
    /// <param name="truncatedFrom">The length of the record's line before its producer cut it (<see cref="RawRecord.TruncatedFrom"/>), or null.</param>
    public static RecordLines Read(ReadOnlyMemory<byte> value, int maxLineBytes, long? truncatedFrom = null)
    {
        var encoding = LogText.EncodingOf(value.Span, out var markLength);
        // A record marked as UTF-16 or UTF-32 (the first chunk of such a file) is read as every other reader reads it.
        var remaining = encoding is UTF8Encoding ? value[markLength..] : Encoding.UTF8.GetBytes(LogText.Decode(value.Span));
        var lines = new List<LogLine>();
        var count = 0;
        while (!remaining.IsEmpty)
        {
            var length = LogText.LineEnd(remaining.Span, out var next);
            // The line as it arrived, without its LF (dead letters keep a CR before it).
            var original = length < 0 ? remaining : remaining[..(next - 1)];
            var content = length < 0 ? original : original[..length];
            remaining = remaining[next..];
            count++;
            if (!LogText.IsBlank(content.Span))
            {
                lines.Add(Decode(original, content, lines.Count, maxLineBytes, lines.Count == 0 ? truncatedFrom : null));
            }
        }

        return new RecordLines(lines, count);
    }

    private static LogLine Decode(ReadOnlyMemory<byte> original, ReadOnlyMemory<byte> content, int index, int maxLineBytes, long? truncatedFrom)
    {
        var bytes = Math.Max(truncatedFrom ?? 0, content.Length);
        content = content[..LogText.CutPoint(content.Span, maxLineBytes)];
        var valid = Utf8.IsValid(content.Span);
        var utf8 = valid ? content : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content.Span));
        return new LogLine(utf8, original, index, invalidUtf8: !valid, bytes, truncated: bytes > content.Length);
    }
}
