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

    public PineconeOptions Pinecone { get; set; } = new();

    public QdrantOptions Qdrant { get; set; } = new();
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
                (!string.IsNullOrWhiteSpace(options.IndexPath), $"{Section}:IndexPath must name the embedded index file, e.g. .faultmaven/incidents.usearch.")),
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
