using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FaultMaven.Retrieval.VectorStores;

/// <summary>
/// The vector store's size and search latency (prometheus-net names): <c>faultmaven_vectorstore_vectors</c>, the vectors
/// the embedded index holds (Pinecone and Qdrant keep theirs on their servers, and report their sizes themselves), and
/// <c>faultmaven_vectorstore_query_duration_seconds</c>, a histogram of similarity searches, labelled <c>store</c>.
/// </summary>
public sealed class VectorStoreMetrics
{
    public const string MeterName = "FaultMaven.VectorStore";

    private readonly Histogram<double> queryDuration;
    private readonly KeyValuePair<string, object?> storeTag;

    public VectorStoreMetrics(IMeterFactory meters, IIncidentVectorStore store)
    {
        var meter = meters.Create(MeterName);
        storeTag = new("store", store.GetType().Name.Replace("IncidentVectorStore", "", StringComparison.Ordinal).ToLowerInvariant());
        queryDuration = meter.CreateHistogram<double>("query_duration_seconds", unit: "s", description: "Seconds one similarity search of the vector store took.");
        if (store is IRebuildableIncidentVectorStore embedded)
        {
            meter.CreateObservableGauge("vectors", () => new Measurement<long>(embedded.State.Count, storeTag), description: "Incident vectors the embedded index holds.");
        }
    }

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
