using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Reasoning;
using FaultMaven.Agents.Troubleshooting;

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
        var analysis = route.Agents.Contains(AgentKind.LogAnalysis) ? logAnalysis.Analyze(route.Logs, receivedAt) : NormalizedOnly(route, receivedAt);
        var suggestions = troubleshooting.Diagnose(analysis.Events, analysis.Findings, feedback).Take(MaxSuggestions).ToList();
        var similar = route.Agents.Contains(AgentKind.SimilarIncidents) && similarIncidents is not null
            ? await similarIncidents.FindAsync(
                new SimilarIncidentQuery(route.IncidentId, string.Join('\n', route.Logs.Select(log => log.Text)), [.. suggestions.Select(suggestion => suggestion.RootCause)]),
                cancellationToken)
            : [];
        var llm = reasoner is null
            ? null
            : await reasoner.ReasonAsync(ReasoningContext.From(QuestionIn(request), suggestions, analysis.Findings, similar), cancellationToken);
        var best = suggestions.FirstOrDefault();
        return new AgentResponse(
            route.Kind,
            route.Agents,
            analysis.Findings,
            DiagnosisSummary.Describe(suggestions, analysis.Findings),
            suggestions,
            best?.Steps ?? [],
            best?.Commands ?? [],
            similar,
            analysis.Events.Count,
            analysis.DeadLetters.Count,
            llm);
    }

    /// <summary>The engineer's own words; pasted logs reach the model as evidence lines instead.</summary>
    private static string? QuestionIn(AgentRequest request) =>
        string.IsNullOrWhiteSpace(request.Text) || QueryRouter.LooksLikeLogs(request.Text) ? null : request.Text;

    private static LogAnalysisResult NormalizedOnly(Route route, DateTimeOffset receivedAt)
    {
        var normalized = LogAnalysisAgent.Normalize(route.Logs, receivedAt);
        return new LogAnalysisResult(normalized.Events, normalized.DeadLetters, [], 0);
    }
}
