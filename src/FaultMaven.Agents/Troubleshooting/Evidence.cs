using System.Text.Json.Serialization;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>A log line that matched a signature of a root cause; <c>Message</c> is the line as a person reads it (<see cref="SignatureMatcher.ReadableText"/>).</summary>
/// <param name="Position">The line's place in the analysed input (0 = first).</param>
/// <param name="Quote">For an event of several lines (a traceback, a stack trace with its cause), the one line of it the
/// signature matched, which a one-sentence diagnosis quotes; null when the event is one line or no single line matched.</param>
public sealed record EvidenceLine(
    int Position,
    RawOffset Raw,
    DateTimeOffset Timestamp,
    Severity Level,
    string Message,
    string Stack,
    string Signature,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Quote = null);

/// <summary>One line matched by one root cause's most specific signature for it, or only by meaning.</summary>
/// <param name="Outranked">Another root cause's signature matches the same line more specifically (a generic
/// <c>"status":429</c> next to a specific <c>cluster_block_exception</c>), so this match says less.</param>
/// <param name="Similarity">Null when the signature matched the line; for a line only its meaning matched
/// (<see cref="IMeaningMatcher"/>), the cosine similarity to the nearest example, and <paramref name="Signature"/> is that example's.</param>
public sealed record SignatureMatch(EvidenceLine Line, Signature Signature, bool Outranked, double? Similarity = null)
{
    public bool ByMeaning => Similarity is not null;
}

/// <summary>Everything the input says for one root cause.</summary>
/// <param name="Matches">Every matching line, in input order.</param>
public sealed record RootCauseEvidence(RootCause RootCause, IReadOnlyList<SignatureMatch> Matches)
{
    public IReadOnlyList<EvidenceLine> Lines => [.. Matches.Select(match => match.Line)];

    /// <summary>The most specific signature that matched, for ordering root causes whose confidence ties.</summary>
    public Signature MostSpecific => Matches.Select(match => match.Signature).Max(Signature.BySpecificity)!;
}
