using FaultMaven.Agents.Routing;
using FaultMaven.Api.Security;
using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// The assistant's similar incidents, from incident retrieval: by the named incident's embedding when it has one and the
/// caller may see it, else by the request's text; only incidents the calling request's team scope allows.
/// </summary>
public sealed class ContextIncidentFinder(VisibleSimilarIncidents retrieval, TeamScope teams, IHttpContextAccessor requests) : ISimilarIncidentFinder
{
    public const int Count = 3;

    // all-MiniLM-L6-v2 reads at most 256 word pieces: a longer paste only costs tokenizing time.
    private const int MaxQueryCharacters = 2_000;

    public async Task<IReadOnlyList<Agents.Routing.SimilarIncident>> FindAsync(SimilarIncidentQuery query, CancellationToken cancellationToken)
    {
        // The assistant is a singleton; the scope is the calling request's (outside a request: unowned sources only).
        var scope = teams.For(requests.HttpContext?.User ?? new());
        var text = query.Text.Length > MaxQueryCharacters ? query.Text[..MaxQueryCharacters] : query.Text;
        var found = query.IncidentId is { } incidentId && await FindIndexedAsync(incidentId, scope, cancellationToken) is { } byIncident ? byIncident
            : string.IsNullOrWhiteSpace(text) ? []
            : await retrieval.FindSimilarAsync(text, Count, scope, cancellationToken);
        return found.Select(match => new Agents.Routing.SimilarIncident(match.IncidentId, match.Title, match.Similarity, match.Resolution)).ToList();
    }

    private async Task<IReadOnlyList<Retrieval.SimilarIncident>?> FindIndexedAsync(
        string incidentId, SourceScope scope, CancellationToken cancellationToken)
    {
        if (!await retrieval.IsVisibleAsync(incidentId, scope, cancellationToken))
        {
            return null;
        }

        try
        {
            return await retrieval.FindSimilarToIncidentAsync(incidentId, Count, scope, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
