using Microsoft.AspNetCore.Http.HttpResults;
using FaultMaven.Retrieval;
using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// <c>GET /context/retrieve</c>: "have we seen this before?" over the embedded incidents; <c>limit</c> (1 to
/// <see cref="MaxCount"/>, default <see cref="DefaultCount"/>) is how many, as on the list endpoints.
/// </summary>
internal static class ContextEndpoints
{
    public const int DefaultCount = 5;
    public const int MaxCount = 50;

    public static async Task<Results<Ok<PageResponse<SimilarIncidentResponse>>, ValidationProblem, ProblemHttpResult>> Retrieve(
        VisibleSimilarIncidents retrieval, IncidentIndexer indexer, IncidentRepository incidents, SourceScope scope, CancellationToken cancellationToken,
        string? q = null, string? incidentId = null, int? limit = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q) == string.IsNullOrWhiteSpace(incidentId))
        {
            errors[nameof(q)] = [string.IsNullOrWhiteSpace(q)
                ? "one of q (a question or log text) or incidentId (similar to that incident) is needed"
                : "give q (a question or log text) or incidentId, not both"];
        }

        if (limit is not null and not (>= 1 and <= MaxCount))
        {
            errors[nameof(limit)] = [$"must be between 1 and {MaxCount}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var count = limit ?? DefaultCount;
        if (incidentId is null)
        {
            return Ok(await retrieval.FindSimilarAsync(q!, count, scope, cancellationToken));
        }

        if (await incidents.GetAsync(incidentId, cancellationToken, scope) is null)
        {
            return AgentEndpoints.IncidentNotFound(incidentId);
        }

        try
        {
            return Ok(await retrieval.FindSimilarToIncidentAsync(incidentId, count, scope, cancellationToken));
        }
        catch (KeyNotFoundException)
        {
            // Opened moments ago and not embedded by the worker yet: embed it now rather than answer nothing.
            await indexer.IndexAsync(incidentId, cancellationToken);
            return Ok(await retrieval.FindSimilarToIncidentAsync(incidentId, count, scope, cancellationToken));
        }
    }

    private static Ok<PageResponse<SimilarIncidentResponse>> Ok(IReadOnlyList<SimilarIncident> matches) =>
        TypedResults.Ok(new PageResponse<SimilarIncidentResponse>(matches.Select(SimilarIncidentResponse.From).ToList(), NextCursor: null));
}
