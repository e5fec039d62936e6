using FaultMaven.Storage;

namespace FaultMaven.Retrieval.VectorStores;

/// <summary>A vector store that is a copy of PostgreSQL's <c>incident_embeddings</c>, and can be made again from it.</summary>
public interface IRebuildableIncidentVectorStore : IIncidentVectorStore
{
    /// <summary>The model the store was built for, how many vectors it holds and the latest <see cref="IncidentVector.EmbeddedAt"/>.</summary>
    EmbeddingSetState State { get; }

    /// <summary>Replaces everything the store holds with <paramref name="vectors"/>.</summary>
    Task RebuildAsync(IAsyncEnumerable<IncidentVector> vectors, CancellationToken cancellationToken = default);
}
