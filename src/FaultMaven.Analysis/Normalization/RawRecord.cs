using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>The bytes of one record of <c>logs.raw</c>: possibly several lines, in any supported format.</summary>
/// <param name="ReceivedAt">When the record reached the broker; used when a line carries no timestamp of its own.</param>
public sealed record RawRecord(string Source, ReadOnlyMemory<byte> Value, RawOffset Origin, DateTimeOffset ReceivedAt);

/// <summary>Everything one raw record turned into: each line is either an event or a dead letter.</summary>
public sealed record NormalizationResult(IReadOnlyList<LogEvent> Events, IReadOnlyList<DeadLetter> DeadLetters);
