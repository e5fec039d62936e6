using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>The bytes of one record of <c>logs.raw</c>: possibly several lines, in any supported format.</summary>
/// <param name="ReceivedAt">When the record reached the broker; used when a line carries no timestamp (or no year) of its own.</param>
public sealed record RawRecord(string Source, ReadOnlyMemory<byte> Value, RawOffset Origin, DateTimeOffset ReceivedAt);

/// <summary>Everything some input turned into: each non-blank line is in exactly one event or one dead letter, or was a table header.</summary>
/// <param name="HeaderLines">CSV or <c>kubectl get events</c> header rows, which become per-source state rather than events.</param>
public sealed record NormalizationResult(IReadOnlyList<LogEvent> Events, IReadOnlyList<DeadLetter> DeadLetters, int HeaderLines = 0)
{
    public static NormalizationResult Empty { get; } = new([], []);
}
