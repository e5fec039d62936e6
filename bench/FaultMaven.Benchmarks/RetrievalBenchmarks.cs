using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cloud.Unum.USearch;
using FaultMaven.Retrieval.Embeddings;
using Microsoft.Extensions.AI;

namespace FaultMaven.Benchmarks;

/// <summary>
/// Embedding throughput of the in-process MiniLM model, and USearch (HNSW, cosine) against a brute-force cosine scan
/// over the same 10k unit vectors of 384 dimensions. Each invocation does a whole batch, so a single run per iteration is enough.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class RetrievalBenchmarks
{
    private const int Dimensions = MiniLmEmbeddingGenerator.Dimensions;
    private const int IndexedVectors = 10_000;
    private const int Queries = 200;
    private const int Top = 10;
    private const int Sentences = 32;

    private float[][] vectors = [];
    private float[][] queries = [];
    private string[] sentences = [];
    private USearchIndex index = null!;
    private MiniLmEmbeddingGenerator generator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        vectors = Enumerable.Range(0, IndexedVectors).Select(_ => UnitVector(random)).ToArray();
        queries = Enumerable.Range(0, Queries).Select(_ => UnitVector(random)).ToArray();
        sentences = Enumerable.Range(0, Sentences)
            .Select(i => $"pod checkout-{i} terminated with reason OOMKilled exit code 137 after the memory limit was reached")
            .ToArray();
        index = Build();
        generator = new MiniLmEmbeddingGenerator();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        index.Dispose();
        generator.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Sentences, Description = "MiniLM embed, per sentence (batches of 32)")]
    public async Task<int> Embed() => (await generator.GenerateAsync(sentences)).Count;

    [Benchmark(OperationsPerInvoke = IndexedVectors, Description = "USearch insert, per vector (building 10k)")]
    public ulong UsearchInsert()
    {
        using var built = Build();
        return built.Size();
    }

    [Benchmark(OperationsPerInvoke = Queries, Description = "USearch top-10 query over 10k")]
    public int UsearchQuery()
    {
        var found = 0;
        foreach (var query in queries)
        {
            found += index.Search(query, Top, out _, out _);
        }

        return found;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Queries, Description = "brute-force cosine top-10 over 10k")]
    public int BruteForceQuery()
    {
        var found = 0;
        var best = new PriorityQueue<int, float>(Top + 1);
        foreach (var query in queries)
        {
            best.Clear();
            for (var i = 0; i < vectors.Length; i++)
            {
                // Unit vectors: the dot product is the cosine similarity. The queue keeps the best ten, worst on top.
                var similarity = TensorPrimitives.Dot(query, vectors[i]);
                if (best.Count < Top)
                {
                    best.Enqueue(i, similarity);
                }
                else if (best.TryPeek(out _, out var worst) && similarity > worst)
                {
                    best.EnqueueDequeue(i, similarity);
                }
            }

            found += best.Count;
        }

        return found;
    }

    private USearchIndex Build()
    {
        var built = new USearchIndex(MetricKind.Cos, ScalarKind.Float32, Dimensions, connectivity: 0, expansionAdd: 0, expansionSearch: 0, multi: false);
        for (var key = 0; key < vectors.Length; key++)
        {
            built.Add((ulong)key, vectors[key]);
        }

        return built;
    }

    private static float[] UnitVector(Random random)
    {
        var vector = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
