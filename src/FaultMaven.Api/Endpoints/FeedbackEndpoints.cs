using FaultMaven.Agents.Knowledge;
using FaultMaven.Api.Ingestion;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// <c>POST /feedback</c>: what happened when an engineer tried a suggested root cause. A caller (a token's subject) has
/// one vote per incident and root cause: the first is answered 201, a repeat replaces it (outcome and note) and is
/// answered 200 with the vote as it now stands, so a double click or a retried request does not count twice (decision 30).
/// </summary>
internal static class FeedbackEndpoints
{
    public const int MaxNoteLength = 4_000;

    public static async Task<Results<Created<FeedbackResponse>, Ok<FeedbackResponse>, ValidationProblem, ProblemHttpResult>> Record(
        [FromBody] FeedbackRequest feedback, FeedbackRepository repository, FeedbackHistoryReader history, IncidentRepository incidents, KnowledgeBase knowledge,
        SourceScope scope, HttpContext context, TimeProvider clock, CancellationToken cancellationToken)
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
        var caller = IdempotentIngest.CallerOf(context.User);
        var entry = new FeedbackEntry(
            FeedbackRepository.VoteId(caller, feedback.IncidentId!, rootCause!.Id), feedback.IncidentId!, rootCause.Id, feedback.Outcome!, feedback.Note?.Trim() ?? "", now, caller);
        var vote = await repository.RecordAsync(entry, cancellationToken);
        var successRate = (await history.ReadAsync(scope, cancellationToken)).TallyOf(rootCause.Id).SuccessRate(rootCause.Prior);
        var answer = new FeedbackResponse(entry.Id, entry.IncidentId, entry.RootCause, entry.Outcome, vote.CreatedAt, now, successRate);
        return vote.Replaced ? TypedResults.Ok(answer) : TypedResults.Created((string?)null, answer);
    }
}
