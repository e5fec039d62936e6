using FaultMaven.Agents.Knowledge;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>Matches the knowledge base's signatures against the input and ranks the root causes it points at.</summary>
/// <param name="parameters">The confidence model's coefficients; <see cref="ConfidenceParameters.Fitted"/> unless a
/// calibration run supplies others.</param>
/// <param name="meaning">The second matching path, for lines no signature matches; without one only signatures match.</param>
public sealed class TroubleshootingAgent(KnowledgeBase knowledge, ConfidenceParameters? parameters = null, IMeaningMatcher? meaning = null)
{
    public const int MaxEvidenceLines = 8;

    /// <summary>The knowledge base's platform of commands every Linux host runs (ps, dig, openssl, df, journalctl).</summary>
    public const string OperatingSystemPlatform = "linux";

    private readonly ConfidenceParameters model = parameters ?? ConfidenceParameters.Fitted;
    private readonly Dictionary<string, int> order = knowledge.RootCauses.Select((rootCause, index) => (rootCause.Id, index)).ToDictionary(StringComparer.Ordinal);
    private readonly ILookup<string, string> explainedBy = knowledge.RootCauses
        .SelectMany(rootCause => rootCause.Explains.Select(explained => (Symptom: explained.Id, Cause: rootCause.Id)))
        .ToLookup(link => link.Symptom, link => link.Cause, StringComparer.Ordinal);

    /// <summary>
    /// Every root cause with evidence, best first: by confidence, a root cause the knowledge base says explains another
    /// one always above it, and ties broken by the specificity of the strongest signature (then knowledge-base order),
    /// never by name.
    /// </summary>
    /// <param name="events">The input in order.</param>
    /// <param name="findings">Detector findings; those whose evidence is not among <paramref name="events"/> contribute their example lines.</param>
    public IReadOnlyList<Hypothesis> Diagnose(IReadOnlyList<LogEvent> events, IReadOnlyList<Finding> findings, FeedbackHistory feedback)
    {
        var known = events.Select(logEvent => logEvent.Raw).ToHashSet();
        var lines = events.Concat(ExamplesOfOtherFindings(known.Contains, findings)).Concat(ConclusionsOf(findings)).ToList();
        var texts = lines.Select(SignatureMatcher.SearchableText).ToList();
        return Rank(SignatureMatcher.Match(knowledge.RootCauses, lines, texts, meaning), PlatformDetector.Detect(knowledge.Platforms, texts), feedback);
    }

    /// <summary>
    /// Whether <see cref="StartScan"/> can stand in for <see cref="Diagnose(IReadOnlyList{LogEvent}, IReadOnlyList{Finding}, FeedbackHistory)"/>:
    /// matching by meaning compares every line with every other, so it needs them all at once.
    /// </summary>
    public bool CanScan => meaning is null;

    /// <summary>A scan to feed the input's events to as they are read, for <see cref="Diagnose(DiagnosisScan, IReadOnlyList{Finding}, FeedbackHistory)"/>.</summary>
    public DiagnosisScan StartScan() => CanScan ? new DiagnosisScan(knowledge) : throw new InvalidOperationException("matching by meaning needs every line at once");

    /// <summary>
    /// What <see cref="Diagnose(IReadOnlyList{LogEvent}, IReadOnlyList{Finding}, FeedbackHistory)"/> answers for the
    /// events fed to <paramref name="scan"/>, holding only the matched ones.
    /// </summary>
    /// <param name="findings">Detector findings of the scanned events alone: their evidence is among those events, so
    /// only findings without evidence contribute their example lines.</param>
    public IReadOnlyList<Hypothesis> Diagnose(DiagnosisScan scan, IReadOnlyList<Finding> findings, FeedbackHistory feedback)
    {
        foreach (var line in ExamplesOfOtherFindings(_ => true, findings).Concat(ConclusionsOf(findings)))
        {
            scan.Add(line);
        }

        return Rank(scan.Evidence(), scan.Platforms, feedback);
    }

    private List<Hypothesis> Rank(IReadOnlyList<RootCauseEvidence> evidence, IReadOnlySet<string> seen, FeedbackHistory feedback)
    {
        var matched = evidence.Select(found => found.RootCause.Id).ToHashSet(StringComparer.Ordinal);
        var causesOf = evidence
            .SelectMany(found => found.RootCause.Explains.Where(explained => matched.Contains(explained.Id)).Select(explained => (Cause: found.RootCause.Id, Symptom: explained.Id)))
            .ToList();
        var ranked = evidence
            .Select(found => (Evidence: found, Hypothesis: ToHypothesis(found, causesOf, seen, feedback)))
            .OrderByDescending(item => item.Hypothesis.Confidence)
            .ThenByDescending(item => item.Evidence.MostSpecific, Signature.BySpecificity)
            .ThenBy(item => order[item.Evidence.RootCause.Id])
            .Select(item => item.Hypothesis)
            .ToList();
        return CausesBeforeSymptoms(ranked, causesOf);
    }

    /// <summary>
    /// The commands for the platforms seen; when the evidence shows none the root cause has commands for (a Go or Rust
    /// program, a client library), the operating system's commands, which apply wherever the program runs, and every
    /// command only when there are none of those either.
    /// </summary>
    private static IReadOnlyList<DiagnosticCommand> CommandsFor(RootCause rootCause, IReadOnlyList<DiagnosticCommand> relevant) =>
        relevant.Count > 0 ? relevant
        : rootCause.Commands.Where(command => command.Platform == OperatingSystemPlatform).ToList() is { Count: > 0 } system ? system
        : rootCause.Commands;

    private Hypothesis ToHypothesis(RootCauseEvidence evidence, List<(string Cause, string Symptom)> causesOf, IReadOnlySet<string> seen, FeedbackHistory feedback)
    {
        var rootCause = evidence.RootCause;
        var isSymptom = causesOf.Any(link => link.Symptom == rootCause.Id);
        var cause = causesOf.Where(link => link.Cause == rootCause.Id).Select(link => 1.0 / explainedBy[link.Symptom].Count()).DefaultIfEmpty(0).Max();
        var features = ConfidenceModel.Features(evidence, isSymptom, cause);
        var explainers = explainedBy[rootCause.Id].ToList();
        var unmatchedCauses = !isSymptom && explainers.Count >= ConfidenceModel.SymptomClassFrom ? explainers : [];
        var successRate = feedback.TallyOf(rootCause.Id).SuccessRate(rootCause.Prior);
        var ceiling = unmatchedCauses.Count > 0 ? ConfidenceModel.UnexplainedSymptomCeiling : 1;
        var decisiveFirst = evidence.Matches.OrderByDescending(ConfidenceModel.LineStrength).ThenBy(match => match.Line.Position).Select(match => match.Line).ToList();
        var stacks = PlatformDetector.Label(knowledge.Platforms, evidence, seen);
        var relevant = rootCause.Commands.Where(command => stacks.Contains(command.Platform) || seen.Contains(command.Platform)).ToList();
        var texts = decisiveFirst.Select(line => line.Message).ToList();
        return new Hypothesis(
            rootCause.Id,
            rootCause.Title,
            rootCause.Description,
            ConfidenceModel.Confidence(features, model, successRate, ceiling),
            Math.Max(features.Decisive, features.Meaning),
            successRate,
            [.. decisiveFirst.DistinctBy(line => line.Message).Take(MaxEvidenceLines)],
            evidence.Matches.Count,
            evidence.Matches.Min(match => match.Line.Timestamp),
            evidence.Matches.Max(match => match.Line.Timestamp),
            stacks,
            rootCause.Steps,
            [.. CommandsFor(rootCause, relevant).Select(command => CommandPlaceholders.Fill(command, texts))],
            rootCause.References,
            features,
            unmatchedCauses);
    }

    /// <summary>Moves each symptom just below the lowest-ranked root cause that explains it, capping its confidence
    /// there, so the list reads top-down as cause, then consequences, whatever order the lines came in.</summary>
    private static List<Hypothesis> CausesBeforeSymptoms(List<Hypothesis> ranked, List<(string Cause, string Symptom)> causesOf)
    {
        for (var moves = 0; moves < ranked.Count * ranked.Count; moves++)
        {
            var misplaced = causesOf
                .Select(link => (Cause: ranked.FindIndex(hypothesis => hypothesis.RootCause == link.Cause), Symptom: ranked.FindIndex(hypothesis => hypothesis.RootCause == link.Symptom)))
                .FirstOrDefault(link => link.Symptom < link.Cause);
            if (misplaced == default)
            {
                break;
            }

            var symptom = ranked[misplaced.Symptom];
            var cause = ranked[misplaced.Cause];
            ranked.RemoveAt(misplaced.Symptom);
            ranked.Insert(misplaced.Cause, symptom with { Confidence = Math.Min(symptom.Confidence, cause.Confidence) });
        }

        return ranked;
    }

    /// <summary>
    /// One line for each finding that states what no single line says, a count over many lines: an
    /// <see cref="AuthFailureBurstDetector"/> finding reads "<c>10+ failed logins from 203.0.113.7 within 5 min: </c>"
    /// followed by its first example, so a signature can tell an attack on a login service (many failures from one
    /// client address, of sshd's or PAM's kind) from one user's few wrong passwords, which raise no such finding, and
    /// from a client retrying a rotated database password (its example is no login-service failure).
    /// </summary>
    /// <remarks>Added whether or not the finding's evidence is among the events: the lines each say "one failure",
    /// only the finding says "many from one address". Timed at the finding's window start; its offset is the
    /// finding's own, after its examples', so it is never taken for an input line.</remarks>
    private static IEnumerable<LogEvent> ConclusionsOf(IReadOnlyList<Finding> findings) =>
        findings
            .Where(finding => finding.Kind == AuthFailureBurstDetector.Kind)
            .Select(finding => new LogEvent(
                finding.WindowStart, finding.Source, finding.Service, null, finding.Severity,
                finding.Examples.Count == 0 ? finding.Title : $"{finding.Title}: {finding.Examples[0]}",
                new Dictionary<string, string>(), new RawOffset($"finding/{finding.Id}", 0, 0, finding.Examples.Count)));

    /// <param name="known">Whether a raw offset is one of the input's events.</param>
    private static IEnumerable<LogEvent> ExamplesOfOtherFindings(Func<RawOffset, bool> known, IReadOnlyList<Finding> findings) =>
        findings
            .Where(finding => !finding.Evidence.Any(known))
            .SelectMany(finding => finding.Examples.Select((example, index) => new LogEvent(
                finding.WindowStart, finding.Source, finding.Service, null, finding.Severity, example, new Dictionary<string, string>(), new RawOffset($"finding/{finding.Id}", 0, 0, index))));
}
