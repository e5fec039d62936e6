using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>A ranked suggestion: what may be wrong, how sure we are, the lines that say so, and what to do next.</summary>
/// <param name="Evidence">The first matching lines (at most <see cref="TroubleshootingAgent.MaxEvidenceLines"/>); <paramref name="EvidenceCount"/> counts them all.</param>
/// <param name="Stacks">The stacks whose signatures matched.</param>
/// <param name="Commands">Commands for the platforms detected in the input, or all of them when none was detected.</param>
public sealed record Hypothesis(
    string RootCause,
    string Title,
    string Description,
    double Confidence,
    double EvidenceStrength,
    double SuccessRate,
    IReadOnlyList<EvidenceLine> Evidence,
    int EvidenceCount,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<string> Stacks,
    IReadOnlyList<string> Steps,
    IReadOnlyList<DiagnosticCommand> Commands,
    IReadOnlyList<string> References);
