using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Reasoning;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Routing;

/// <summary>Routes a request to the agents it needs and combines their answers into one response.</summary>
/// <param name="similarIncidents">Retrieval of past incidents; without it the response has none.</param>
/// <param name="reasoner">The optional model asked to reason over the retrieved context; without it the response has no LLM answer.</param>
public sealed class Assistant(LogAnalysisAgent logAnalysis, TroubleshootingAgent troubleshooting, ISimilarIncidentFinder? similarIncidents = null, LlmReasoner? reasoner = null)
{
    public const int MaxSuggestions = 5;

    /// <param name="receivedAt">Stands in for the timestamp of submitted lines that carry none.</param>
    public async Task<AgentResponse> AnswerAsync(AgentRequest request, FeedbackHistory feedback, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var route = QueryRouter.Classify(request);
        var described = route.Logs.Count == 0 && request.Incident is null && route.Question is { } question
            ? new DescribedProblem(troubleshooting).Read(question, feedback, receivedAt)
            : default((IReadOnlyList<Hypothesis> Described, IReadOnlyList<Hypothesis> RuledOut)?);
        var (findings, suggestions, eventCount, lines) = described is { } words
            ? new Diagnosed([], [.. words.Described.Take(MaxSuggestions)], 0, LineTally.None)
            : request.Incident is null && route.Agents.Contains(AgentKind.LogAnalysis) && troubleshooting.CanScan
                ? Streamed(route, feedback, receivedAt)
                : Kept(request, route, feedback, receivedAt);
        var similar = route.Agents.Contains(AgentKind.SimilarIncidents) && similarIncidents is not null
            ? await similarIncidents.FindAsync(
                new SimilarIncidentQuery(route.IncidentId, string.Join('\n', route.Logs.Select(log => log.Text).Append(route.Question ?? "")).Trim(), [.. suggestions.Select(suggestion => suggestion.RootCause)]),
                cancellationToken)
            : [];
        var llm = reasoner is null
            ? null
            : await reasoner.ReasonAsync(ReasoningContext.From(QuestionIn(request), suggestions, findings, similar), cancellationToken);
        var best = suggestions.FirstOrDefault();
        return new AgentResponse(
            route.Kind,
            route.Agents,
            findings,
            described is { } read ? DiagnosisSummary.DescribeQuestion(suggestions, read.RuledOut) : DiagnosisSummary.Describe(suggestions, findings),
            suggestions,
            best?.Steps ?? [],
            best?.Commands ?? [],
            similar,
            eventCount,
            lines.Unread,
            lines,
            llm);
    }

    /// <summary>Diagnoses each event of the logs as it is analyzed, keeping only the lines a signature matches.</summary>
    private Diagnosed Streamed(Route route, FeedbackHistory feedback, DateTimeOffset receivedAt)
    {
        var scan = troubleshooting.StartScan();
        var analysis = logAnalysis.Analyze(route.Logs, receivedAt, scan.Add);
        var suggestions = troubleshooting.Diagnose(scan, analysis.Findings, feedback).Take(MaxSuggestions).ToList();
        return new Diagnosed(analysis.Findings, suggestions, analysis.EventCount, analysis.Lines);
    }

    /// <summary>Diagnoses every event at once: matching by meaning and a stored incident's events need them all.</summary>
    private Diagnosed Kept(AgentRequest request, Route route, FeedbackHistory feedback, DateTimeOffset receivedAt)
    {
        var analysis = route.Agents.Contains(AgentKind.LogAnalysis) ? logAnalysis.Analyze(route.Logs, receivedAt) : NormalizedOnly(route, receivedAt);

        // A stored incident is diagnosed from what it holds, as /suggestions does; the request's own text and logs add to it.
        IReadOnlyList<LogEvent> events = [.. request.Incident?.Events ?? [], .. analysis.Events];
        IReadOnlyList<Finding> findings = [.. request.Incident?.Findings ?? [], .. analysis.Findings];
        return new Diagnosed(findings, Suggest(events, findings, feedback), events.Count, analysis.Lines);
    }

    /// <summary>
    /// The ranked suggestions for a stored incident from what it holds alone: what <c>/suggestions</c> answers, and what
    /// <see cref="AnswerAsync"/> ranks for a request about the incident that adds no text or logs of its own.
    /// </summary>
    public IReadOnlyList<Hypothesis> Suggest(IncidentEvidence incident, FeedbackHistory feedback) => Suggest(incident.Events, incident.Findings, feedback);

    private List<Hypothesis> Suggest(IReadOnlyList<LogEvent> events, IReadOnlyList<Finding> findings, FeedbackHistory feedback) =>
        troubleshooting.Diagnose(events, findings, feedback).Take(MaxSuggestions).ToList();

    /// <summary>The engineer's own words; pasted logs reach the model as evidence lines instead.</summary>
    private static string? QuestionIn(AgentRequest request) =>
        string.IsNullOrWhiteSpace(request.Text) || QueryRouter.LooksLikeLogs(request.Text) ? null : request.Text;

    private static LogAnalysisResult NormalizedOnly(Route route, DateTimeOffset receivedAt)
    {
        var normalized = LogAnalysisAgent.Normalize(route.Logs, receivedAt);
        return new LogAnalysisResult(normalized.Events, normalized.DeadLetters, [], 0, LineTally.Of(normalized, normalized.Events.Sum(NormalizationResult.LinesOf)));
    }

    private sealed record Diagnosed(IReadOnlyList<Finding> Findings, List<Hypothesis> Suggestions, int EventCount, LineTally Lines);
}
