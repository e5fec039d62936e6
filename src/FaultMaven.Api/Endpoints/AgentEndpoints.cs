using FaultMaven.Api.Security;
using System.Text.Json;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Api.Ingestion;
using FaultMaven.Api.Robustness;
using FaultMaven.Contracts;
using FaultMaven.Integrations.Prometheus;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

using AnalysisResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<FaultMaven.Api.Endpoints.LogAnalysisResponse>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace FaultMaven.Api.Endpoints;

/// <summary>The troubleshooting assistant over HTTP: questions and pasted logs, suggestions for stored incidents, similar incidents, feedback.</summary>
public static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPostReading<QueryRequest>("/query", Query, Policies.Respond, "application/json")
            .WithBodyLimit(routes)
            .RequireRateLimiting(RateLimits.Analysis)
            .RequireAnalysisPermit()
            .WithTags("Agents")
            .WithSummary("Answers a question and/or pasted logs (JSON: question, logs, incidentId): findings, ranked suggestions, steps, commands, similar incidents. With an incidentId the incident's stored findings and evidence lines are diagnosed as /suggestions does, with what the question and logs add.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        routes.MapPostReading<AnalyzeLogsRequest>("/logs/analyze", AnalyzeLogs, Policies.Respond, "application/json", "text/plain", "multipart/form-data")
            .WithBodyLimit(routes)
            .RequireRateLimiting(RateLimits.Analysis)
            .RequireAnalysisPermit()
            .WithTags("Agents")
            .WithSummary("Analyzes logs at once (text/plain, JSON {logs, source, storeAsIncident} or multipart files); optionally stores the findings as an incident.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .DisableAntiforgery();
        routes.MapGet("/suggestions", Suggestions)
            .WithTags("Agents")
            .WithSummary("Ranked next steps for a stored incident, from its findings and evidence, weighed by feedback: the ranking /query gives for the incident alone.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/context/retrieve", ContextEndpoints.Retrieve)
            .WithTags("Agents")
            .WithSummary("Past incidents most similar to a text (q) or a stored incident (incidentId), with their resolutions.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPostReading<FeedbackRequest>("/feedback", FeedbackEndpoints.Record, Policies.Respond, "application/json")
            .WithBodyLimit(routes)
            .WithTags("Agents")
            .WithSummary("Records whether a suggested root cause worked for an incident; later rankings take it into account. One vote per caller per incident and root cause: the first is 201, a repeat replaces it and is 200.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return routes;
    }

    private static async Task<Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> Query(
        [Microsoft.AspNetCore.Mvc.FromBody] QueryRequest query, Assistant assistant, FeedbackHistoryReader feedback, IncidentEvidenceReader incidents, SourceScope scope,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query.Question) && string.IsNullOrWhiteSpace(query.Logs) && string.IsNullOrWhiteSpace(query.IncidentId))
        {
            return AgentBodies.Invalid("question", "ask a question, paste logs or name an incident (question, logs, incidentId)");
        }

        IncidentEvidence? incident = null;
        if (query.IncidentId is { } incidentId && (incident = await incidents.ReadAsync(incidentId, scope, cancellationToken)) is null)
        {
            return IncidentNotFound(incidentId);
        }

        IReadOnlyList<LogDocument> logs = string.IsNullOrWhiteSpace(query.Logs) ? [] : [new LogDocument(QueryRouter.PastedLogName, query.Logs)];
        return TypedResults.Ok(await assistant.AnswerAsync(
            new AgentRequest(query.Question, logs, incident), await feedback.ReadAsync(scope, cancellationToken), clock.GetUtcNow(), cancellationToken));
    }

    private static async Task<AnalysisResult> AnalyzeLogs(
        HttpRequest request, Assistant assistant, FeedbackHistoryReader feedback, FindingFiler filer, SourceScope scope,
        MetricAnomalies metrics, TeamScope teams, IOptions<IngestionOptions> options, IOptions<JsonOptions> json, TimeProvider clock, CancellationToken cancellationToken,
        string? source = null, string? storeAsIncident = null)
    {
        var limit = options.Value.MaxBodyBytes;
        // The query's flag holds for every body; one the body gives too must agree with it.
        if (!AgentBodies.TryParseFlag(storeAsIncident, out var queryStore))
        {
            return AgentBodies.InvalidFlag();
        }

        if (request.HasJsonContentType())
        {
            return await AgentBodies.ReadJsonAsync<AnalyzeLogsRequest>(request, limit, json.Value, body =>
                (AgentBodies.Disagreement(SourceParameter.Name, source, body.Source)
                    ?? AgentBodies.Disagreement(AgentBodies.StoreAsIncidentField, AgentBodies.FlagText(queryStore), AgentBodies.FlagText(body.StoreAsIncident))
                    ?? SourceParameter.Refusal(SourceParameter.Name, source ?? body.Source)) is { } refused
                    ? Task.FromResult<AnalysisResult>(refused)
                    : Analyze(
                        string.IsNullOrWhiteSpace(body.Logs) ? [] : [new LogDocument(SourceOrDefault(source ?? body.Source), body.Logs)],
                        queryStore ?? body.StoreAsIncident ?? false));
        }

        if (request.HasFormContentType)
        {
            return await AgentBodies.ReadFilesAsync(request, limit, source, queryStore, Analyze, cancellationToken);
        }

        if (request.ContentType is { } type && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return ReadingEndpoints.UnsupportedMediaType(request, "text/plain", "application/json", "multipart/form-data");
        }

        if (SourceParameter.Refusal(SourceParameter.Name, source) is { } tooLong)
        {
            return tooLong;
        }

        return await AgentBodies.ReadAsync(request, limit, async body =>
        {
            var text = await LogText.ReadToEndAsync(body, cancellationToken);
            return await Analyze(string.IsNullOrWhiteSpace(text) ? [] : [new LogDocument(SourceOrDefault(source), text)], queryStore ?? false);
        });

        async Task<AnalysisResult> Analyze(IReadOnlyList<LogDocument> logs, bool store)
        {
            if (logs.Count == 0)
            {
                return AgentBodies.Invalid("logs", "paste log lines: a text/plain body, JSON {\"logs\": \"...\"} or multipart files");
            }

            if (store && logs.FirstOrDefault(log => !teams.ForWriting(request.HttpContext.User).Allows(log.Name)) is { } foreign)
            {
                return TeamScope.Forbidden(foreign.Name);
            }

            var answer = await assistant.AnswerAsync(AgentRequest.ForLogs(logs), await feedback.ReadAsync(scope, cancellationToken), clock.GetUtcNow(), cancellationToken);
            var cited = await metrics.AroundAsync(logs.Select(log => log.Name).Where(name => name != QueryRouter.PastedLogName && scope.Allows(name)), answer.Findings, cancellationToken);
            answer = cited.Count == 0 ? answer : answer with { Findings = [.. answer.Findings, .. cited] };
            return TypedResults.Ok(new LogAnalysisResponse(answer, store ? await StoreAsIncidentsAsync([.. answer.Findings, .. KnownCauses(answer)], filer, cancellationToken) : []));
        }
    }

    private static async Task<Results<Ok<SuggestionsResponse>, ValidationProblem, ProblemHttpResult>> Suggestions(
        IncidentEvidenceReader incidents, Assistant assistant, FeedbackHistoryReader feedback, SourceScope scope, CancellationToken cancellationToken, string? incidentId = null)
    {
        if (string.IsNullOrWhiteSpace(incidentId))
        {
            return AgentBodies.Invalid("incidentId", "required: the incident to suggest next steps for, e.g. ?incidentId=inc-0123abcd");
        }

        if (await incidents.ReadAsync(incidentId, scope, cancellationToken) is not { } incident)
        {
            return IncidentNotFound(incidentId);
        }

        var suggestions = assistant.Suggest(incident, await feedback.ReadAsync(scope, cancellationToken));
        var best = suggestions.FirstOrDefault();
        return TypedResults.Ok(new SuggestionsResponse(incidentId, suggestions, best?.Steps ?? [], best?.Commands ?? []));
    }

    public static ProblemHttpResult IncidentNotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Incident not found", detail: $"No incident has id '{id}'.");

    private static string SourceOrDefault(string? source) => string.IsNullOrWhiteSpace(source) ? QueryRouter.PastedLogName : source.Trim();

    /// <summary>
    /// The analysis's likely root causes as findings, so that the incident it is stored as is diagnosed from the lines
    /// that decided it (<c>/suggestions</c> reads an incident's findings), whether or not a detector flagged those lines.
    /// Each goes to the source its evidence came from (a pasted document's name, e.g. one file of a multipart upload).
    /// </summary>
    private static IEnumerable<Finding> KnownCauses(AgentResponse answer) =>
        answer.Suggestions.Where(suggestion => suggestion.Confidence >= DiagnosisSummary.ConfidentFrom)
            .Select(suggestion => KnownCauseFinding.From(suggestion, suggestion.Evidence[0].Raw.Topic));

    /// <summary>
    /// Files the findings as the findings sink does, except that any of them may open an incident: asking to store them
    /// as one is the decision the opening rule otherwise makes. Returns the incidents they joined, in id order.
    /// </summary>
    private static async Task<IReadOnlyList<string>> StoreAsIncidentsAsync(IReadOnlyList<Finding> found, FindingFiler filer, CancellationToken cancellationToken) =>
        [.. (await filer.FileAsync(found, IncidentOpening.Every, cancellationToken)).Values.Distinct().Order(StringComparer.Ordinal)];
}
