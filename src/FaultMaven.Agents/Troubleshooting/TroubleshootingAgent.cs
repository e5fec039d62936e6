using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>Matches the knowledge base's signatures against the input and ranks the root causes it points at.</summary>
public sealed class TroubleshootingAgent(KnowledgeBase knowledge)
{
    public const int MaxEvidenceLines = 8;

    /// <param name="events">The input in order; position in this list is what "early" means.</param>
    /// <param name="findings">Detector findings; those whose evidence is not among <paramref name="events"/> contribute their example lines.</param>
    public IReadOnlyList<Hypothesis> Diagnose(IReadOnlyList<LogEvent> events, IReadOnlyList<Finding> findings, FeedbackHistory feedback)
    {
        var lines = events.Concat(ExamplesOfOtherFindings(events, findings)).ToList();
        var evidence = SignatureMatcher.Match(knowledge.RootCauses, lines);
        var platforms = PlatformDetector.Detect(knowledge.Platforms, lines, evidence);
        return evidence
            .Select(found => ToHypothesis(found, lines.Count, platforms, feedback))
            .OrderByDescending(hypothesis => hypothesis.Confidence)
            .ThenBy(hypothesis => hypothesis.RootCause, StringComparer.Ordinal)
            .ToList();
    }

    private static Hypothesis ToHypothesis(RootCauseEvidence evidence, int inputLines, IReadOnlySet<string> platforms, FeedbackHistory feedback)
    {
        var rootCause = evidence.RootCause;
        var strength = ConfidenceModel.Strength(evidence, inputLines);
        var successRate = feedback.TallyOf(rootCause.Id).SuccessRate(rootCause.Prior);
        var relevant = rootCause.Commands.Where(command => platforms.Contains(command.Platform)).ToList();
        return new Hypothesis(
            rootCause.Id,
            rootCause.Title,
            rootCause.Description,
            ConfidenceModel.Confidence(strength, successRate),
            strength,
            successRate,
            [.. evidence.Lines.DistinctBy(line => line.Message).Take(MaxEvidenceLines)],
            evidence.Lines.Count,
            evidence.Lines.Min(line => line.Timestamp),
            evidence.Lines.Max(line => line.Timestamp),
            evidence.Stacks,
            rootCause.Steps,
            relevant.Count > 0 ? relevant : rootCause.Commands,
            rootCause.References);
    }

    private static IEnumerable<LogEvent> ExamplesOfOtherFindings(IReadOnlyList<LogEvent> events, IReadOnlyList<Finding> findings)
    {
        var known = events.Select(logEvent => logEvent.Raw).ToHashSet();
        return findings
            .Where(finding => !finding.Evidence.Any(known.Contains))
            .SelectMany(finding => finding.Examples.Select((example, index) => new LogEvent(
                finding.WindowStart, finding.Source, finding.Service, null, finding.Severity, example, new Dictionary<string, string>(), new RawOffset($"finding/{finding.Id}", 0, 0, index))));
    }
}
