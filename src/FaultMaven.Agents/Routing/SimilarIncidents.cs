namespace FaultMaven.Agents.Routing;

/// <summary>What retrieval is asked: the incident (when named), the text to compare, and the suspected root causes.</summary>
public sealed record SimilarIncidentQuery(string? IncidentId, string Text, IReadOnlyList<string> RootCauses);

/// <summary>A past incident that resembles this one, and how it was resolved.</summary>
public sealed record SimilarIncident(string IncidentId, string Title, double Similarity, string? Resolution);

/// <summary>Finds past incidents like the current one; implemented by the retrieval engine (embeddings and vector index).</summary>
public interface ISimilarIncidentFinder
{
    Task<IReadOnlyList<SimilarIncident>> FindAsync(SimilarIncidentQuery query, CancellationToken cancellationToken);
}
