using FaultMaven.Agents.Knowledge;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FaultMaven.Api.Endpoints;

/// <summary><c>POST /feedback</c>: what happened when an engineer tried a suggested root cause.</summary>
internal static class FeedbackEndpoints
{
    public const int MaxNoteLength = 4_000;

    public static async Task<Results<Created<FeedbackResponse>, ValidationProblem, ProblemHttpResult>> Record(
        [FromBody] FeedbackRequest feedback, FeedbackRepository repository, FeedbackHistoryReader history, IncidentRepository incidents, KnowledgeBase knowledge,
        SourceScope scope, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(feedback.IncidentId))
        {
            errors["incidentId"] = ["required: the incident the suggestion was for"];
        }

        var rootCause = string.IsNullOrWhiteSpace(feedback.RootCause) ? null : knowledge.Find(feedback.RootCause);
        if (rootCause is null)
        {
            errors["rootCause"] = [$"'{feedback.RootCause}' is not a root cause of the knowledge base; use a suggestion's rootCause"];
        }

        if (feedback.Outcome is null || !FeedbackOutcomes.All.Contains(feedback.Outcome))
        {
            errors["outcome"] = [$"use one of {string.Join(", ", FeedbackOutcomes.All)}"];
        }

        if (feedback.Note?.Length > MaxNoteLength)
        {
            errors["note"] = [$"at most {MaxNoteLength} characters"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await incidents.GetAsync(feedback.IncidentId!, cancellationToken, scope) is null)
        {
            return AgentEndpoints.IncidentNotFound(feedback.IncidentId!);
        }

        var now = clock.GetUtcNow();
        var entry = new FeedbackEntry(Guid.CreateVersion7(now), feedback.IncidentId!, rootCause!.Id, feedback.Outcome!, feedback.Note?.Trim() ?? "", now);
        await repository.AddAsync(entry, cancellationToken);
        var successRate = (await history.ReadAsync(scope, cancellationToken)).TallyOf(rootCause.Id).SuccessRate(rootCause.Prior);
        return TypedResults.Created(
            (string?)null, new FeedbackResponse(entry.Id, entry.IncidentId, entry.RootCause, entry.Outcome, entry.CreatedAt, successRate));
    }
}
