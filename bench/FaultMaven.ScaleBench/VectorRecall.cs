using System.Diagnostics;
using Cloud.Unum.USearch;
using FaultMaven.Retrieval.Embeddings;

namespace FaultMaven.ScaleBench;

/// <summary>The embedded index's quality and cost at one size: build time, resident memory added, recall@10 and query time against exact search.</summary>
public sealed record RecallResult(int Vectors, TimeSpan Build, double MemoryMiB, double RecallAt10, double IndexQueryMs, double ExactQueryMs, int Queries);

/// <summary>
/// Builds a USearch index with the settings <c>UsearchIncidentVectorStore</c> uses (cosine, float32, 384 dimensions,
/// library defaults for connectivity and expansion) over incidents 0…n-1 and compares its top 10 for each query with an
/// exact top 10 by dot product (the vectors are unit length, so it ranks by cosine).
/// </summary>
public static class VectorRecall
{
    private const int Top = 10;

    public static RecallResult Measure(IncidentVectors vectors, int count)
    {
        var all = Enumerable.Range(0, count).Select(vectors.Vector).ToArray();
        GC.Collect();
        var before = ResidentMiB();
        var timer = Stopwatch.StartNew();
        using var index = new USearchIndex(MetricKind.Cos, ScalarKind.Float32, (ulong)MiniLmEmbeddingGenerator.Dimensions, connectivity: 0, expansionAdd: 0, expansionSearch: 0, multi: false);
        for (var i = 0; i < count; i++)
        {
            index.Add((ulong)i, all[i]);
        }

        var build = timer.Elapsed;
        var memory = ResidentMiB() - before;

        var hits = 0;
        var indexTime = TimeSpan.Zero;
        var exactTime = TimeSpan.Zero;
        foreach (var query in vectors.Queries)
        {
            timer.Restart();
            var found = index.Search(query, Top, out var keys, out _);
            indexTime += timer.Elapsed;
            timer.Restart();
            var exact = Exact(all, query);
            exactTime += timer.Elapsed;
            hits += keys.Take(found).Count(key => exact.Contains((int)key));
        }

        var queries = vectors.Queries.Length;
        return new RecallResult(count, build, memory, hits / (double)(queries * Top), indexTime.TotalMilliseconds / queries, exactTime.TotalMilliseconds / queries, queries);
    }

    private static HashSet<int> Exact(float[][] all, float[] query)
    {
        var best = new PriorityQueue<int, float>();
        for (var i = 0; i < all.Length; i++)
        {
            var score = Dot(all[i], query);
            if (best.Count < Top)
            {
                best.Enqueue(i, score);
            }
            else if (best.TryPeek(out _, out var lowest) && score > lowest)
            {
                best.DequeueEnqueue(i, score);
            }
        }

        return best.UnorderedItems.Select(item => item.Element).ToHashSet();
    }

    private static float Dot(float[] a, float[] b)
    {
        var width = System.Numerics.Vector<float>.Count;
        var sum = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sum += new System.Numerics.Vector<float>(a, i) * new System.Numerics.Vector<float>(b, i);
        }

        var dot = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    private static double ResidentMiB() =>
        File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kib ? double.Parse(kib, System.Globalization.CultureInfo.InvariantCulture) / 1024 : 0;
}
