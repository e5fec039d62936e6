namespace FaultMaven.Analysis.Normalization;

/// <summary>One non-blank line of a raw record, decoded and capped.</summary>
/// <param name="Utf8">Valid UTF-8 for <paramref name="Text"/>: the original bytes, or re-encoded when they were invalid.</param>
/// <param name="Original">The bytes as they arrived, for dead letters.</param>
/// <param name="Index">The line's position among the record's non-blank lines.</param>
internal readonly record struct LogLine(
    string Text,
    ReadOnlyMemory<byte> Utf8,
    ReadOnlyMemory<byte> Original,
    int Index,
    bool InvalidUtf8,
    bool Truncated);
