using System.Text;

namespace FaultMaven.Analysis.Normalization;

/// <summary>One non-blank line of a raw record, capped; its text is decoded only when a step needs it, which JSON lines seldom do.</summary>
/// <param name="utf8">Valid UTF-8: the original bytes, or their repaired re-encoding when they were invalid.</param>
/// <param name="original">The bytes as they arrived, for dead letters.</param>
/// <param name="index">The line's position among the record's non-blank lines.</param>
/// <param name="bytes">The line's length in UTF-8 bytes as it was written, without its ending: also when it was cut, here or by its producer.</param>
/// <param name="truncated">Whether <paramref name="utf8"/> is only the line's head.</param>
internal sealed class LogLine(ReadOnlyMemory<byte> utf8, ReadOnlyMemory<byte> original, int index, bool invalidUtf8, long bytes, bool truncated)
{
    private string? text;

    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    public ReadOnlyMemory<byte> Original { get; } = original;

    public int Index { get; } = index;

    public bool InvalidUtf8 { get; } = invalidUtf8;

    public long Bytes { get; } = bytes;

    public bool Truncated { get; } = truncated;

    public string Text => text ??= Encoding.UTF8.GetString(Utf8.Span).TrimEnd();

    /// <summary>Drops the decoded text once the line is read (a later <see cref="Text"/> decodes it again), so that a
    /// record of a million lines does not hold a million strings until its last line.</summary>
    public void ForgetText() => text = null;

    /// <summary>The same line without its first <paramref name="bytes"/> bytes of UTF-8 (a container prefix); the original bytes stay whole for dead letters.</summary>
    public LogLine WithoutPrefix(int bytes) => new(Utf8[bytes..], Original, Index, InvalidUtf8, Bytes, Truncated);
}
