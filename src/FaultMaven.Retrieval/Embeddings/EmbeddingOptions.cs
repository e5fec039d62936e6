using Microsoft.Extensions.Options;

namespace FaultMaven.Retrieval.Embeddings;

/// <summary>
/// Which model embeds incidents; bound from <c>FaultMaven:Embeddings</c>. With no <see cref="Endpoint"/>, all-MiniLM-L6-v2 runs in process;
/// with one, an OpenAI-compatible embeddings endpoint is called.
/// </summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "FaultMaven:Embeddings";

    /// <summary>Base URL of an OpenAI-compatible API, e.g. <c>https://api.openai.com/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The endpoint's model name, e.g. <c>text-embedding-3-small</c>.</summary>
    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Length of the endpoint's vectors; sent as the requested dimensions and used to size the vector index.</summary>
    public int? Dimensions { get; set; }

    public bool UsesEndpoint => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>Search texts whose embeddings are kept (<see cref="QueryEmbeddingCache"/>); 0 turns the cache off.</summary>
    public int QueryCacheSize { get; set; } = 4096;

    /// <summary>
    /// Threads ONNX Runtime may use for one in-process MiniLM run (its intra-op pool). One by default: a query is a
    /// few dozen tokens, too small to gain from splitting, and the API runs requests side by side on its few cores.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// The cosine similarity below which a past incident is not offered as similar (−1 to 1). Unset: <see cref="MiniLmSimilarityFloor"/>
    /// with the in-process MiniLM, none (0) with an <see cref="Endpoint"/>, whose model's similarities lie on another scale:
    /// fit one for it as docs/retrieval.md describes.
    /// </summary>
    public double? MinimumSimilarity { get; set; }

    /// <summary>
    /// The floor for all-MiniLM-L6-v2, fitted on questions with and without a matching past incident
    /// (tests/FaultMaven.Retrieval.Tests/SimilarityFloorTests, docs/retrieval.md#similarity-floor): each half's fitted floor
    /// (0.39, 0.36) kept every right incident of the other half; this is the lower one, rounded down, to keep right answers first.
    /// </summary>
    public const double MiniLmSimilarityFloor = 0.35;

    /// <summary>The floor in force: <see cref="MinimumSimilarity"/>, else the model's default.</summary>
    public double SimilarityFloor => MinimumSimilarity ?? (UsesEndpoint ? 0 : MiniLmSimilarityFloor);
}

internal sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    private const string Section = EmbeddingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        var failures = new List<string>();
        if (options.QueryCacheSize is < 0 or > 1_000_000)
        {
            failures.Add($"{Section}:QueryCacheSize must be between 0 (off) and 1000000; got {options.QueryCacheSize}.");
        }

        if (options.IntraOpThreads is < 1 or > 256)
        {
            failures.Add($"{Section}:IntraOpThreads must be between 1 and 256; got {options.IntraOpThreads}.");
        }

        if (options.MinimumSimilarity is < -1 or > 1 || (options.MinimumSimilarity is { } floor && double.IsNaN(floor)))
        {
            failures.Add($"{Section}:MinimumSimilarity must be a cosine similarity between -1 and 1 (0.35 suits the in-process MiniLM); got {options.MinimumSimilarity}.");
        }

        if (!options.UsesEndpoint)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"{Section}:Endpoint must be an absolute http(s) URL such as https://api.openai.com/v1; got '{options.Endpoint}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"{Section}:Model is required with {Section}:Endpoint: the endpoint's embedding model, e.g. text-embedding-3-small.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{Section}:ApiKey is required with {Section}:Endpoint (env FAULTMAVEN__EMBEDDINGS__APIKEY); any placeholder works for an endpoint that checks no key.");
        }

        if (options.Dimensions is not > 0)
        {
            failures.Add($"{Section}:Dimensions is required with {Section}:Endpoint and must be positive: the length of the model's vectors, e.g. 1536.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
