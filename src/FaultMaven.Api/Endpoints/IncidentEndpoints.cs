using FaultMaven.Analysis.Masking;
using FaultMaven.Api.Security;
using FaultMaven.Retrieval;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultMaven.Api.Endpoints;

/// <param name="Resolution">What resolved the incident, at most <see cref="IncidentEndpoints.MaxResolutionLength"/> characters; secrets in it are masked before it is stored.</param>
public sealed record ResolveIncidentRequest(string Resolution);

public static class IncidentEndpoints
{
    /// <summary>
    /// Longest resolution accepted, in characters: a few paragraphs and commands. Every <c>/context/retrieve</c> answer
    /// carries the resolutions of similar incidents, so one unbounded text would weigh on all of them.
    /// </summary>
    public const int MaxResolutionLength = 4000;

    private static readonly Masker ResolutionMasker = new(MaskingOptions.Default);

    /// <summary>The values of <c>GET /incidents?status=</c>, as stored in <c>incidents.status</c>.</summary>
    private static readonly string[] Statuses = ["open", "resolved"];

    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder routes)
    {
        var incidents = routes.MapGroup("/incidents").WithTags("Incidents");
        incidents.MapGet("/", ListIncidents).WithSummary("Incidents (related findings grouped per source), most recently active first.");
        incidents.MapGet("/{id}", GetIncident).WithSummary("One incident with its findings.").ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapPostReading<ResolveIncidentRequest>("/{id}/resolve", ResolveIncident, Policies.Respond, "application/json")
            .WithSummary("Marks an open incident resolved, with what resolved it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static Task<Results<Ok<PageResponse<StoredIncident>>, ValidationProblem>> ListIncidents(
        IncidentRepository repository,
        SourceScope scope,
        [AsParameters] PageRequest page,
        CancellationToken cancellationToken,
        string? status = null,
        string? source = null)
    {
        var parameters = new QueryParameters();
        return parameters.PageAsync(new IncidentQuery { Status = parameters.OneOf(nameof(status), status, Statuses), Source = source, Scope = scope }, page, query => repository.ListAsync(query, cancellationToken), incident => incident);
    }

    private static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> GetIncident(string id, IncidentRepository incidents, FindingRepository findings, SourceScope scope, CancellationToken cancellationToken) =>
        await IncidentResponse.ReadAsync(id, incidents, findings, scope, cancellationToken) is { } incident ? TypedResults.Ok(incident) : NotFound(id);

    private static async Task<Results<Ok<StoredIncident>, ValidationProblem, ProblemHttpResult>> ResolveIncident(
        string id, ResolveIncidentRequest request, IncidentRepository incidents, IncidentIndexer indexer, SourceScope scope, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Resolution))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["resolution"] = ["say what resolved the incident"] });
        }

        var resolution = request.Resolution.Trim();
        if (resolution.Length > MaxResolutionLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["resolution"] = [$"at most {MaxResolutionLength} characters (was {resolution.Length}); link to a runbook or ticket for the details"],
            });
        }

        if (await incidents.ResolveAsync(id, ResolutionMasker.MaskText(resolution), clock.GetUtcNow(), cancellationToken, scope))
        {
            // Embedded again with its resolution now, so that the next similar incident shows what resolved this one.
            await indexer.IndexAsync(id, cancellationToken);
            return TypedResults.Ok((await incidents.GetAsync(id, cancellationToken))!);
        }

        return await incidents.GetAsync(id, cancellationToken, scope) is null
            ? NotFound(id)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Incident already resolved", detail: $"Incident '{id}' is already resolved.");
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Incident not found", detail: $"No incident has id '{id}'.");
}
