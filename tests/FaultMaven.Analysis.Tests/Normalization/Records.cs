using System.Text;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Normalization;

/// <summary>Builds raw records for tests: one source, consecutive offsets, a fixed arrival time unless told.</summary>
internal static class Records
{
    public static readonly DateTimeOffset ReceivedAt = new(2024, 1, 2, 16, 0, 0, TimeSpan.Zero);

    public static RawRecord Of(string text, long offset = 0, DateTimeOffset? receivedAt = null, string source = "app") =>
        Of(Encoding.UTF8.GetBytes(text), offset, receivedAt, source);

    public static RawRecord Of(byte[] bytes, long offset = 0, DateTimeOffset? receivedAt = null, string source = "app") =>
        new(source, bytes, new RawOffset(Topics.Raw, 0, offset), receivedAt ?? ReceivedAt);

    /// <summary>How many non-blank input lines the result accounts for: merged lines, dead letters and table headers.</summary>
    public static int LinesAccountedFor(NormalizationResult result) =>
        result.Events.Sum(NormalizationResult.LinesOf)
        + result.DeadLetters.Count
        + result.HeaderLines;

    /// <summary>Lines by the shared definition, counted here on their own: LF-terminated, and a last one without LF when not empty.</summary>
    public static int Lines(byte[] bytes) => SplitLines(bytes).Count() - (bytes.Length == 0 || bytes[^1] == (byte)'\n' ? 1 : 0);

    /// <summary>Lines that are not blank by the normalizer's definition: split on LF, something besides spaces, tabs, CR, FF, VT.</summary>
    public static int NonBlankLines(byte[] bytes) =>
        SplitLines(bytes).Count(line => line.AsSpan().IndexOfAnyExcept(" \t\r\f\v"u8) >= 0);

    private static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                yield return bytes[start..i];
                start = i + 1;
            }
        }
    }
}
