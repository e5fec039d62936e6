namespace FaultMaven.Agents.Reasoning;

public enum LlmStatus
{
    /// <summary>The model answered; its text cites only the evidence it was given.</summary>
    Answered,

    /// <summary>No usable answer (error, timeout, empty reply, nothing to reason over); the deterministic answer stands alone.</summary>
    Unavailable,
}

public enum GivenEvidenceKind
{
    /// <summary>A log line that matched a signature of a suggested root cause; the reference is its raw offset.</summary>
    Line,

    /// <summary>A detector finding; the reference is the finding id.</summary>
    Finding,

    /// <summary>A similar past incident; the reference is the incident id.</summary>
    Incident,
}

/// <summary>One piece of retrieved context sent to the model under <paramref name="Id"/>, the id it must cite it by.</summary>
/// <param name="Reference">Where it comes from: a raw offset, a finding id or an incident id.</param>
public sealed record GivenEvidence(string Id, GivenEvidenceKind Kind, string Reference, string Text);

/// <summary>The model's answer over the retrieved context, or why there is none.</summary>
/// <param name="Evidence">Exactly the evidence the model was given (also when it failed to answer).</param>
/// <param name="Citations">The given evidence ids the answer cites, in order of first citation.</param>
/// <param name="StrippedCitations">Ids the model cited that it was not given; removed from <paramref name="Text"/>.</param>
public sealed record LlmAnswer(
    LlmStatus Status,
    string? Reason,
    string Model,
    string? Text,
    IReadOnlyList<string> Citations,
    IReadOnlyList<string> StrippedCitations,
    IReadOnlyList<GivenEvidence> Evidence)
{
    public static LlmAnswer Unavailable(string model, string reason, IReadOnlyList<GivenEvidence> evidence) =>
        new(LlmStatus.Unavailable, reason, model, null, [], [], evidence);
}
