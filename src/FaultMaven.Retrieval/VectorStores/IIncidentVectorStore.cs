namespace FaultMaven.Retrieval.VectorStores;

/// <summary>Where incident embeddings are searched: the embedded USearch index, Pinecone or Qdrant.</summary>
public interface IIncidentVectorStore
{
    /// <summary>Adds the incident's vector, or replaces the one stored for the same incident id.</summary>
    Task UpsertAsync(IncidentVector vector, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="top"/> incidents most similar to <paramref name="vector"/> among those the filter accepts, most similar first.</summary>
    Task<IReadOnlyList<VectorMatch>> QueryAsync(
        ReadOnlyMemory<float> vector, int top, IncidentFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the incident's vector; nothing happens when there is none.</summary>
    Task DeleteAsync(string incidentId, CancellationToken cancellationToken = default);
}

public enum IncidentStatus
{
    Open,
    Resolved,
}

/// <summary>What a search can filter on, stored beside each vector.</summary>
public sealed record IncidentMetadata(string? Service, string? Team, IncidentStatus Status)
{
    public bool Resolved => Status == IncidentStatus.Resolved;
}

/// <param name="EmbeddedAt">When the vector was made; the embedded index compares it with PostgreSQL to tell whether it is stale.</param>
public sealed record IncidentVector(string IncidentId, ReadOnlyMemory<float> Vector, IncidentMetadata Metadata, DateTimeOffset EmbeddedAt);

/// <param name="Similarity">Cosine similarity, 1 for the same direction.</param>
public sealed record VectorMatch(string IncidentId, double Similarity, IncidentMetadata Metadata);

/// <summary>Metadata every match must have; a null field matches anything.</summary>
public sealed record IncidentFilter
{
    public string? Service { get; init; }

    public string? Team { get; init; }

    public IncidentStatus? Status { get; init; }

    public bool Accepts(IncidentMetadata metadata) =>
        (Service is null || Service == metadata.Service)
        && (Team is null || Team == metadata.Team)
        && (Status is null || Status == metadata.Status);
}
