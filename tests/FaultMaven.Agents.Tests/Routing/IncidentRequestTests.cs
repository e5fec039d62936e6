using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Tests.Routing;

/// <summary>A request about a stored incident is diagnosed from what the incident holds, as its suggestions are.</summary>
public sealed class IncidentRequestTests
{
    private const string Question = "why is checkout failing since this morning?";
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Assistant Assistant = new(new LogAnalysisAgent(), new TroubleshootingAgent(KnowledgeBaseLoader.LoadBuiltIn()));

    [Fact]
    public async Task A_question_naming_an_incident_gets_the_cause_its_stored_evidence_shows_the_same_as_its_suggestions()
    {
        var incident = ConnectionRefusedIncident();

        var suggested = Assistant.Suggest(incident, FeedbackHistory.Empty);
        var answer = await Assistant.AnswerAsync(new AgentRequest(Question, [], incident), FeedbackHistory.Empty, Noon, CancellationToken.None);
        var withoutIncident = await Assistant.AnswerAsync(new AgentRequest(Question, []), FeedbackHistory.Empty, Noon, CancellationToken.None);

        Assert.Equal("connection-refused", suggested[0].RootCause);
        Assert.Equal(suggested[0].RootCause, answer.Suggestions[0].RootCause);
        Assert.Equal(suggested[0].Confidence, answer.Suggestions[0].Confidence);
        Assert.Contains("The closest match, Connection refused", answer.Diagnosis, StringComparison.Ordinal);
        Assert.Equal(RequestKind.Incident, answer.Kind);
        Assert.Equal(incident.Findings.Select(finding => finding.Id), answer.Findings.Select(finding => finding.Id));
        Assert.Equal(incident.Events.Count, answer.EventCount); // the question is no event of its own
        Assert.DoesNotContain(withoutIncident.Suggestions, suggestion => suggestion.RootCause == "connection-refused");
    }

    /// <summary>A warning finding over slow answers, then an 11-line error burst of refused connections, as the worker stores them.</summary>
    private static IncidentEvidence ConnectionRefusedIncident()
    {
        var warnings = Enumerable.Range(0, 3)
            .Select(i => Line(i, Severity.Warn, $"upstream payments slow to answer ({1200 + (i * 100)} ms), retrying"))
            .ToList();
        var errors = Enumerable.Range(3, 11)
            .Select(i => Line(i, Severity.Error, $"payment call failed: dial tcp 10.0.3.7:8443: connect: connection refused (order {4000 + i})"))
            .ToList();
        Finding[] findings =
        [
            Finding("fnd-burst", "error-burst", Severity.Error, "error burst: payment call failed: dial tcp <*>: connect: connection refused <*>", errors),
            Finding("fnd-slow", "rate-change", Severity.Warn, "upstream payments slow to answer <*>, retrying", warnings),
        ];
        return new IncidentEvidence("inc-0123abcd", [.. warnings, .. errors], findings);
    }

    private static LogEvent Line(int offset, Severity level, string message) =>
        new(Noon.AddSeconds(offset), "checkout", "checkout", "web-1", level, message, new Dictionary<string, string>(), new RawOffset("logs.raw", 0, offset));

    private static Finding Finding(string id, string kind, Severity severity, string title, IReadOnlyList<LogEvent> lines) =>
        new(id, kind, severity, "checkout", "checkout", lines[0].Timestamp, lines[^1].Timestamp, title, lines.Count, null, 1, null,
            [title], [lines[0].Message], [.. lines.Select(line => line.Raw)]);
}
