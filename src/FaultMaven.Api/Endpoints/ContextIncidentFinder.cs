using FaultMaven.Agents.Routing;
using FaultMaven.Retrieval;

namespace FaultMaven.Api.Endpoints;

/// <summary>The assistant's similar incidents, from incident retrieval: by the named incident's embedding when it has one, else by the request's text.</summary>
public sealed class ContextIncidentFinder(IncidentRetrieval retrieval) : ISimilarIncidentFinder
{
    public const int Count = 3;

    // all-MiniLM-L6-v2 reads at most 256 word pieces: a longer paste only costs tokenizing time.
    private const int MaxQueryCharacters = 2_000;

    public async Task<IReadOnlyList<Agents.Routing.SimilarIncident>> FindAsync(SimilarIncidentQuery query, CancellationToken cancellationToken)
    {
        var text = query.Text.Length > MaxQueryCharacters ? query.Text[..MaxQueryCharacters] : query.Text;
        var found = query.IncidentId is { } incidentId && await FindIndexedAsync(incidentId, cancellationToken) is { } byIncident ? byIncident
            : string.IsNullOrWhiteSpace(text) ? []
            : await retrieval.FindSimilarAsync(text, Count, cancellationToken: cancellationToken);
        return found.Select(match => new Agents.Routing.SimilarIncident(match.IncidentId, match.Title, match.Similarity, match.Resolution)).ToList();
    }

    private async Task<IReadOnlyList<Retrieval.SimilarIncident>?> FindIndexedAsync(string incidentId, CancellationToken cancellationToken)
    {
        try
        {
            return await retrieval.FindSimilarToIncidentAsync(incidentId, Count, cancellationToken: cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
