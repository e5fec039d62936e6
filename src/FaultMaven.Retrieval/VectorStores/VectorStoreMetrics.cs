using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FaultMaven.Retrieval.VectorStores;

/// <summary>
/// The vector store's size and search latency (prometheus-net names): <c>faultmaven_vectorstore_vectors</c>, the vectors
/// the embedded index holds (Pinecone and Qdrant keep theirs on their servers, and report their sizes themselves), and
/// <c>faultmaven_vectorstore_query_duration_seconds</c>, a histogram of similarity searches, labelled <c>store</c>, and
/// <c>faultmaven_vectorstore_query_embedding_duration_seconds</c>, how long a search by text spent getting its text's
/// embedding, labelled <c>cache</c> (<c>hit</c> or <c>miss</c>): with MiniLM in process, the larger share of a search.
/// </summary>
public sealed class VectorStoreMetrics
{
    public const string MeterName = "FaultMaven.VectorStore";

    private readonly Histogram<double> queryDuration;
    private readonly Histogram<double> embeddingDuration;
    private readonly KeyValuePair<string, object?> storeTag;

    public VectorStoreMetrics(IMeterFactory meters, IIncidentVectorStore store)
    {
        var meter = meters.Create(MeterName);
        storeTag = new("store", store.GetType().Name.Replace("IncidentVectorStore", "", StringComparison.Ordinal).ToLowerInvariant());
        queryDuration = meter.CreateHistogram<double>("query_duration_seconds", unit: "s", description: "Seconds one similarity search of the vector store took.");
        embeddingDuration = meter.CreateHistogram<double>(
            "query_embedding_duration_seconds", unit: "s", description: "Seconds a search by text spent embedding the text (cache hit or miss).");
        if (store is IRebuildableIncidentVectorStore embedded)
        {
            meter.CreateObservableGauge("vectors", () => new Measurement<long>(embedded.State.Count, storeTag), description: "Incident vectors the embedded index holds.");
        }
    }

    /// <summary>Records how long one search text's embedding took, and whether it came from the query cache.</summary>
    public void RecordQueryEmbedding(TimeSpan elapsed, bool cached) =>
        embeddingDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("cache", cached ? "hit" : "miss"));

    /// <summary>Runs one search and records how long it took, failed searches included.</summary>
    public async Task<IReadOnlyList<VectorMatch>> TimeAsync(Func<Task<IReadOnlyList<VectorMatch>>> query)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await query();
        }
        finally
        {
            queryDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, storeTag);
        }
    }
}
