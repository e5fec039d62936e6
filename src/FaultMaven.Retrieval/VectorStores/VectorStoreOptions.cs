using Microsoft.Extensions.Options;

namespace FaultMaven.Retrieval.VectorStores;

public enum VectorStoreProvider
{
    Embedded,
    Pinecone,
    Qdrant,
}

/// <summary>Where incident vectors are searched; bound from <c>FaultMaven:VectorStore</c>.</summary>
public sealed class VectorStoreOptions
{
    public const string SectionName = "FaultMaven:VectorStore";

    public VectorStoreProvider Provider { get; set; } = VectorStoreProvider.Embedded;

    /// <summary>The embedded USearch index file; its manifest is written beside it.</summary>
    public string IndexPath { get; set; } = Path.Combine(".faultmaven", "incidents.usearch");

    /// <summary>The embedded index's HNSW graph settings (docs/retrieval.md, "Index settings").</summary>
    public HnswOptions Hnsw { get; set; } = new();

    public PineconeOptions Pinecone { get; set; } = new();

    public QdrantOptions Qdrant { get; set; } = new();
}

/// <summary>
/// USearch's HNSW settings for the embedded index; bound from <c>FaultMaven:VectorStore:Hnsw</c>. The defaults hold
/// the graph connected over dense clusters of near-duplicate incidents, where USearch's own defaults (16, 128, 64) let
/// recall@10 fall to about 0.5 at 100 k (docs/retrieval.md, "Index settings"; docs/benchmarks.md).
/// </summary>
public sealed record HnswOptions
{
    /// <summary>Graph edges per vector (HNSW's M; twice as many on the bottom layer), 4–128: more keeps dense clusters of near-duplicates linked to each other (USearch's default 16 leaves them islands), at 4 bytes per bottom-layer edge per vector and longer inserts. Fixed when the index is built; a change rebuilds it from PostgreSQL at the next start.</summary>
    public int Connectivity { get; set; } = 64;

    /// <summary>Candidates explored while inserting (efConstruction), 16–1024: more makes a better graph, at build time roughly in proportion.</summary>
    public int ExpansionAdd { get; set; } = 128;

    /// <summary>Candidates explored per query (ef), 16–4096 and at least the results asked for: more raises recall at query time roughly in proportion; takes effect at the next start without a rebuild.</summary>
    public int ExpansionSearch { get; set; } = 512;

    /// <summary>Threads that insert during a rebuild from PostgreSQL, 1–64; 0 means one per processor.</summary>
    public int BuildThreads { get; set; }

    /// <summary>The rule each setting breaks, named by its key under <paramref name="section"/>; empty when all hold.</summary>
    public IEnumerable<string> Failures(string section)
    {
        if (Connectivity is < 4 or > 128)
        {
            yield return $"{section}:Connectivity must be 4–128 (HNSW edges per vector; default 64); got {Connectivity}.";
        }

        if (ExpansionAdd is < 16 or > 1024)
        {
            yield return $"{section}:ExpansionAdd must be 16–1024 (candidates explored per insert; default 128); got {ExpansionAdd}.";
        }

        if (ExpansionSearch is < 16 or > 4096)
        {
            yield return $"{section}:ExpansionSearch must be 16–4096 (candidates explored per query; default 512); got {ExpansionSearch}.";
        }

        if (BuildThreads is < 0 or > 64)
        {
            yield return $"{section}:BuildThreads must be 0 (one per processor) to 64; got {BuildThreads}.";
        }
    }

    /// <summary>The threads a rebuild inserts on: <see cref="BuildThreads"/>, or one per processor when 0.</summary>
    public int EffectiveBuildThreads => BuildThreads == 0 ? Environment.ProcessorCount : BuildThreads;
}

public sealed class PineconeOptions
{
    /// <summary>The index's data-plane host, as the Pinecone console or describe_index shows it, e.g. <c>https://incidents-abc123.svc.us-east1-gcp.pinecone.io</c>.</summary>
    public string? IndexHost { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Optional: the Pinecone namespace that holds the incidents.</summary>
    public string? Namespace { get; set; }
}

public sealed class QdrantOptions
{
    /// <summary>Qdrant's gRPC address, e.g. <c>http://localhost:6334</c>.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string Collection { get; set; } = "incidents";
}

internal sealed class VectorStoreOptionsValidator : IValidateOptions<VectorStoreOptions>
{
    private const string Section = VectorStoreOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, VectorStoreOptions options)
    {
        var failures = options.Provider switch
        {
            VectorStoreProvider.Embedded => Failures(
                (!string.IsNullOrWhiteSpace(options.IndexPath), $"{Section}:IndexPath must name the embedded index file, e.g. .faultmaven/incidents.usearch."))
                .Concat(options.Hnsw.Failures($"{Section}:Hnsw")).ToList(),
            VectorStoreProvider.Pinecone => Failures(
                (IsHttpUrl(options.Pinecone.IndexHost),
                    $"{Section}:Pinecone:IndexHost must be the index's https URL (the host describe_index reports); got '{options.Pinecone.IndexHost}'."),
                (!string.IsNullOrWhiteSpace(options.Pinecone.ApiKey),
                    $"{Section}:Pinecone:ApiKey is required with Provider Pinecone (env FAULTMAVEN__VECTORSTORE__PINECONE__APIKEY).")),
            VectorStoreProvider.Qdrant => Failures(
                (IsHttpUrl(options.Qdrant.Endpoint),
                    $"{Section}:Qdrant:Endpoint must be Qdrant's gRPC URL, e.g. http://localhost:6334; got '{options.Qdrant.Endpoint}'."),
                (!string.IsNullOrWhiteSpace(options.Qdrant.Collection),
                    $"{Section}:Qdrant:Collection must name the collection that holds the incidents.")),
            _ => [$"{Section}:Provider must be Embedded, Pinecone or Qdrant; got '{options.Provider}'."],
        };
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static List<string> Failures(params (bool Holds, string Failure)[] rules) =>
        rules.Where(rule => !rule.Holds).Select(rule => rule.Failure).ToList();

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
