namespace FaultMaven.Agents.Knowledge;

/// <summary>A known reason for failure: how to recognise it in logs, how to confirm it and what to run next.</summary>
/// <param name="Explains">Root causes whose lines are symptoms of this one (a full disk explains the lock waits it
/// causes), each with where it was written; when both match, this one ranks first.</param>
/// <param name="Prior">What the success rate of this suggestion is believed to be before any feedback.</param>
/// <param name="Phrasings">The failure as other products and people word it (plain sentences, never regexes): more
/// anchors for matching by meaning, so that a line worded unlike every signature's example still lands near it.</param>
public sealed record RootCause(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<Signature> Signatures,
    IReadOnlyList<string> Steps,
    IReadOnlyList<DiagnosticCommand> Commands,
    IReadOnlyList<string> References,
    IReadOnlyList<(string Id, SourceLocation Location)> Explains,
    BetaPrior Prior,
    SourceLocation Location,
    IReadOnlyList<string> Phrasings);

/// <summary>A shell command worth running on one platform, and what it shows.</summary>
public sealed record DiagnosticCommand(string Platform, string Run, string Why);

/// <summary>Where an entry of the knowledge base was written, for error messages.</summary>
public sealed record SourceLocation(string File, long Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>Beta(α, β) belief about how often a suggestion turns out right.</summary>
public sealed record BetaPrior(double Alpha, double Beta)
{
    public static BetaPrior Uniform { get; } = new(1, 1);
}
