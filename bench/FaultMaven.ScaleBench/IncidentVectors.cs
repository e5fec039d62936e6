using System.Diagnostics;
using FaultMaven.Retrieval.Embeddings;

namespace FaultMaven.ScaleBench;

/// <summary>
/// Incident embeddings at scale without embedding a million texts: <c>distinct</c> incident texts are embedded with the
/// real MiniLM model, and incident n takes the vector of text <c>n mod distinct</c> plus Gaussian noise of relative size
/// <see cref="Noise"/> per dimension, normalized again. Expected cosine to its base vector is 1/√(1+Noise²) ≈ 0.94, so
/// the set is clustered like real incidents (many near-repeats of a few thousand kinds) rather than uniform.
/// Another <c>queries</c> texts, never used as a base, are embedded as the recall queries.
/// </summary>
public sealed class IncidentVectors
{
    public const float Noise = 0.35f;

    private readonly float[][] bases;

    private IncidentVectors(float[][] bases, float[][] queries, TimeSpan embedding)
    {
        this.bases = bases;
        Queries = queries;
        EmbeddingTime = embedding;
    }

    public float[][] Queries { get; }

    public TimeSpan EmbeddingTime { get; }

    public int Distinct => bases.Length;

    /// <summary>
    /// Embeds the first <paramref name="distinct"/> texts of <see cref="ScaleData.IncidentText"/> and the next
    /// <paramref name="queries"/> as queries; with <paramref name="cache"/>, reads them from that file when it holds
    /// the vectors of the same texts by the same model (by SHA-256), and writes it otherwise.
    /// </summary>
    public static async Task<IncidentVectors> EmbedAsync(MiniLmEmbeddingGenerator generator, int distinct, int queries, string? cache = null)
    {
        if (distinct + queries > ScaleData.DistinctIncidentTexts)
        {
            throw new ArgumentException($"only {ScaleData.DistinctIncidentTexts} distinct incident texts exist; asked for {distinct} + {queries} queries");
        }

        var timer = Stopwatch.StartNew();
        var texts = Enumerable.Range(0, distinct + queries).Select(n => ScaleData.IncidentText(n).Text).ToList();
        // The model id is hashed too: vectors of the same texts from another model (or one reading texts otherwise) are not reused.
        var textsHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', [MiniLmEmbeddingGenerator.ModelId, .. texts]))));
        var vectors = cache is not null && File.Exists(cache) ? Read(cache, textsHash) : null;
        if (vectors is null)
        {
            vectors = (await generator.GenerateAsync(texts)).Select(e => e.Vector.ToArray()).ToArray();
            if (cache is not null)
            {
                Write(cache, textsHash, vectors);
            }
        }

        return new IncidentVectors(vectors[..distinct], vectors[distinct..], timer.Elapsed);
    }

    private static float[][]? Read(string path, string textsHash)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadString() != textsHash)
        {
            return null;
        }

        var (count, dimensions) = (reader.ReadInt32(), reader.ReadInt32());
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimensions).Select(_ => reader.ReadSingle()).ToArray()).ToArray();
    }

    private static void Write(string path, string textsHash, float[][] vectors)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(textsHash);
        writer.Write(vectors.Length);
        writer.Write(vectors[0].Length);
        foreach (var value in vectors.SelectMany(vector => vector))
        {
            writer.Write(value);
        }
    }

    /// <summary>Which distinct text incident <paramref name="n"/> was derived from.</summary>
    public int BaseOf(int n) => n % bases.Length;

    /// <summary>Incident <paramref name="n"/>'s unit vector, the same on every call.</summary>
    public float[] Vector(int n)
    {
        if (n < bases.Length)
        {
            return bases[n];
        }

        var random = new Random(n);
        var source = bases[BaseOf(n)];
        var vector = new float[source.Length];
        var scale = Noise / MathF.Sqrt(source.Length);
        for (var i = 0; i < vector.Length; i++)
        {
            // Box–Muller: a standard normal from two uniforms.
            var gaussian = MathF.Sqrt(-2 * MathF.Log(1 - random.NextSingle())) * MathF.Cos(2 * MathF.PI * random.NextSingle());
            vector[i] = source[i] + scale * gaussian;
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }
}
