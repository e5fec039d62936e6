using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Api.Endpoints;

/// <summary><c>POST /query</c>: a question, pasted logs, an incident id, or any of them together (each optional, one needed).</summary>
public sealed record QueryRequest(string? Question = null, string? Logs = null, string? IncidentId = null);

/// <summary><c>POST /logs/analyze</c> as JSON; <paramref name="Source"/> names the logs and, when stored, groups their findings into incidents.</summary>
/// <param name="Logs">Required: the log lines.</param>
/// <param name="StoreAsIncident">Whether to store the findings as incidents; missing is false unless <c>?storeAsIncident=</c> says otherwise.</param>
public sealed record AnalyzeLogsRequest(string? Logs, string? Source = null, bool? StoreAsIncident = null);

/// <param name="IncidentIds">The incidents the findings were grouped into, when they were stored.</param>
public sealed record LogAnalysisResponse(AgentResponse Analysis, IReadOnlyList<string> IncidentIds);

/// <summary>Ranked next steps for a stored incident: suggestions best first, and the steps and commands of the best.</summary>
public sealed record SuggestionsResponse(string IncidentId, IReadOnlyList<Hypothesis> Suggestions, IReadOnlyList<string> Steps, IReadOnlyList<DiagnosticCommand> Commands);

public sealed record SimilarIncidentResponse(string IncidentId, string Title, double Similarity, string? Resolution, string Status, string? Service)
{
    public static SimilarIncidentResponse From(Retrieval.SimilarIncident match) => new(
        match.IncidentId, match.Title, match.Similarity, match.Resolution, Retrieval.VectorStores.MetadataFields.StatusName(match.Metadata.Status), match.Metadata.Service);
}

/// <summary><c>POST /feedback</c>: how a suggested root cause fared for an incident; every field but <paramref name="Note"/> is required.</summary>
public sealed record FeedbackRequest(string? IncidentId, string? RootCause, string? Outcome, string? Note = null);

/// <summary>The caller's vote on a root cause of an incident, as it stands after <c>POST /feedback</c>.</summary>
/// <param name="Id">The vote's id: the same for every repeat by one caller on one incident and root cause.</param>
/// <param name="CreatedAt">When the caller first voted on this root cause of the incident.</param>
/// <param name="UpdatedAt">When this request set the vote's outcome and note.</param>
/// <param name="SuccessRate">The root cause's success rate after this feedback, which its later rankings start from.</param>
public sealed record FeedbackResponse(Guid Id, string IncidentId, string RootCause, string Outcome, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, double SuccessRate);
