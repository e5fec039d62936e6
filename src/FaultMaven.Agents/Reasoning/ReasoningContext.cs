using System.Globalization;
using System.Text;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Reasoning;

/// <summary>What the model is shown: the question, and the retrieved context numbered as citable evidence.</summary>
/// <param name="Prompt">The user message: the question, hypotheses with their evidence lines, findings and similar incidents.</param>
public sealed record ReasoningContext(string Prompt, IReadOnlyList<GivenEvidence> Evidence)
{
    public const int MaxFindings = 10;

    /// <param name="question">The engineer's words, or null when they only sent logs (the logs reach the model as evidence lines).</param>
    public static ReasoningContext From(string? question, IReadOnlyList<Hypothesis> suggestions, IReadOnlyList<Finding> findings, IReadOnlyList<SimilarIncident> similar)
    {
        var evidence = new List<GivenEvidence>();
        var lines = new Dictionary<RawOffset, GivenEvidence>();
        var prompt = new StringBuilder();
        prompt.AppendLine(CultureInfo.InvariantCulture, $"Question: {(string.IsNullOrWhiteSpace(question) ? "(none; the engineer sent logs)" : question.Trim())}");

        prompt.AppendLine().AppendLine("Hypotheses, ranked by FaultMaven's deterministic engine:");
        foreach (var (hypothesis, rank) in suggestions.Select((hypothesis, index) => (hypothesis, index + 1)))
        {
            prompt.AppendLine(CultureInfo.InvariantCulture, $"{rank}. {hypothesis.RootCause}: {hypothesis.Title} (confidence {hypothesis.Confidence:0.00}). {hypothesis.Description}");
            foreach (var line in hypothesis.Evidence)
            {
                if (!lines.TryGetValue(line.Raw, out var given))
                {
                    given = Give(evidence, "E", lines.Count, GivenEvidenceKind.Line, line.Raw.ToString(), $"{line.Timestamp:O} {line.Level} {line.Message}");
                    lines.Add(line.Raw, given);
                }

                prompt.AppendLine(CultureInfo.InvariantCulture, $"   [{given.Id}] {given.Text}");
            }
        }

        prompt.AppendLine().AppendLine("Findings of the log detectors:");
        foreach (var (finding, index) in findings.Take(MaxFindings).Select((finding, index) => (finding, index)))
        {
            var given = Give(evidence, "F", index, GivenEvidenceKind.Finding, finding.Id,
                $"{finding.Title} ({finding.Kind}, {finding.Severity}, {finding.Count} lines); example: {finding.Examples.FirstOrDefault() ?? "none"}");
            prompt.AppendLine(CultureInfo.InvariantCulture, $"[{given.Id}] {given.Text}");
        }

        prompt.AppendLine().AppendLine("Similar past incidents:");
        foreach (var (incident, index) in similar.Select((incident, index) => (incident, index)))
        {
            var given = Give(evidence, "I", index, GivenEvidenceKind.Incident, incident.IncidentId,
                $"{incident.Title} (similarity {incident.Similarity:0.00}); resolution: {incident.Resolution ?? "not resolved yet"}");
            prompt.AppendLine(CultureInfo.InvariantCulture, $"[{given.Id}] {given.Text}");
        }

        return new ReasoningContext(prompt.ToString(), evidence);
    }

    private static GivenEvidence Give(List<GivenEvidence> evidence, string idPrefix, int index, GivenEvidenceKind kind, string reference, string text)
    {
        var given = new GivenEvidence(string.Create(CultureInfo.InvariantCulture, $"{idPrefix}{index + 1}"), kind, reference, text);
        evidence.Add(given);
        return given;
    }
}
