using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>A log line that matched a signature of a root cause; <c>Message</c> is the text matched (message and attribute values).</summary>
/// <param name="Position">The line's place in the analysed input (0 = first); causes tend to come before their symptoms.</param>
public sealed record EvidenceLine(int Position, RawOffset Raw, DateTimeOffset Timestamp, Severity Level, string Message, string Stack, string Signature);

/// <summary>Everything the input says for one root cause.</summary>
/// <param name="Lines">Every matching line, in input order.</param>
/// <param name="BySignature">How often each matching signature fired, and the most serious level it fired at.</param>
public sealed record RootCauseEvidence(RootCause RootCause, IReadOnlyList<EvidenceLine> Lines, IReadOnlyList<SignatureHits> BySignature)
{
    public IReadOnlyList<string> Stacks => [.. BySignature.Select(hits => hits.Signature.Stack).Distinct().Order(StringComparer.Ordinal)];
}

public sealed record SignatureHits(Signature Signature, int Count, Severity MaxLevel);
