using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>A ranked suggestion: what may be wrong, how sure we are, the lines that say so, and what to do next.</summary>
/// <param name="EvidenceCount">All matching lines; <paramref name="Evidence"/> holds at most <see cref="TroubleshootingAgent.MaxEvidenceLines"/> distinct ones.</param>
/// <param name="EvidenceStrength">The strongest single line's strength (<see cref="EvidenceFeatures.Decisive"/>, or <see cref="EvidenceFeatures.Meaning"/> when only meaning matched).</param>
/// <param name="Evidence">The matching lines, the most decisive first.</param>
/// <param name="Stacks">The platforms the evidence comes from (<see cref="PlatformDetector.Label"/>), or <c>generic</c>.</param>
/// <param name="Commands">Commands for the platforms of the evidence and of the input, or all of them when none
/// applies, with placeholders such as <c>&lt;port&gt;</c> filled from the evidence where it shows them.</param>
/// <param name="Features">What the confidence was computed from.</param>
/// <param name="UnmatchedCauses">When this root cause is a symptom class (<see cref="ConfidenceModel.SymptomClassFrom"/>
/// or more root causes of the knowledge base explain it) and none of them matched the input: their ids, in
/// knowledge-base order, as what to look for next; its confidence is then at most
/// <see cref="ConfidenceModel.UnexplainedSymptomCeiling"/>. Empty otherwise.</param>
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
    IReadOnlyList<string> References,
    EvidenceFeatures Features,
    IReadOnlyList<string> UnmatchedCauses);
