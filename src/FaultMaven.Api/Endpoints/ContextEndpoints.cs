using Microsoft.AspNetCore.Http.HttpResults;
using FaultMaven.Retrieval;
using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// <c>GET /context/retrieve</c>: "have we seen this before?" over the embedded incidents; <c>limit</c> (1 to
/// <see cref="MaxCount"/>, default <see cref="DefaultCount"/>) is how many, as on the list endpoints.
/// </summary>
/// <remarks>
/// The API reads no query parameter it does not take, here as elsewhere; two that a client of this endpoint has reason
/// to send are refused rather than ignored (<see cref="NotTaken"/>), since ignoring them answers as if they had worked.
/// </remarks>
internal static class ContextEndpoints
{
    public const int DefaultCount = 5;
    public const int MaxCount = 50;

    /// <summary>
    /// The parameters refused with a 400 naming them: <c>k</c>, this endpoint's name for <c>limit</c> before it took the
    /// list endpoints' name, and <c>cursor</c>, which the list endpoints page with and the answer's <c>nextCursor</c>
    /// suggests, though there is one page only (the most similar first).
    /// </summary>
    public static IReadOnlyDictionary<string, string> NotTaken { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["k"] = $"not read: how many similar incidents is 'limit' (1 to {MaxCount}, default {DefaultCount})",
        ["cursor"] = $"not read: the answer is one page, the most similar incidents first ('limit' up to {MaxCount}), and its nextCursor is always null",
    };

    public static async Task<Results<Ok<PageResponse<SimilarIncidentResponse>>, ValidationProblem, ProblemHttpResult>> Retrieve(
        HttpRequest request, VisibleSimilarIncidents retrieval, IncidentIndexer indexer, IncidentRepository incidents, SourceScope scope, CancellationToken cancellationToken,
        string? q = null, string? incidentId = null, int? limit = null)
    {
        var errors = request.Query.Keys.Where(NotTaken.ContainsKey).ToDictionary(key => key, key => new[] { NotTaken[key] });
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
