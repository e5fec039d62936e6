using System.Diagnostics;
using System.Numerics.Tensors;
using FaultMaven.Retrieval.VectorStores;

namespace FaultMaven.ScaleBench;

/// <summary>The index's answer quality and time at one search expansion, against exact search over the same vectors.</summary>
/// <param name="RecallAt10">Share of the exact top 10's ids among the index's 10.</param>
/// <param name="TieRecallAt10">Share of the index's 10 whose cosine is at least the exact 10th's (less 1e-5 for rounding):
/// a result as near as the 10th true neighbour counts even when ties or near-ties put another id in the exact list.</param>
/// <param name="CosineGap">Mean over queries of the exact 10th cosine minus the index's 10th: how much worse the worst answer is.</param>
/// <param name="KindRecallAt10">Share of the index's 10 derived from a text (<see cref="IncidentVectors.BaseOf"/>) that one of
/// the exact 10 is derived from: the same kind of incident, which noise alone tells apart from the exact pick.</param>
public sealed record RecallAtExpansion(int ExpansionSearch, double RecallAt10, double TieRecallAt10, double KindRecallAt10, double CosineGap, double IndexQueryMs);

/// <summary>The embedded index's quality and cost at one size and graph setting.</summary>
/// <param name="MemoryMiB">Resident memory the build added to the process.</param>
/// <param name="IndexMiB">What USearch reports it holds (graph and vectors).</param>
/// <param name="Crowding">Mean over queries of how many vectors lie within 0.01 cosine of the exact 10th: above 10, the exact top 10 is one draw among near-ties.</param>
public sealed record RecallResult(
    int Vectors, HnswOptions Hnsw, int Threads, TimeSpan Build, double MemoryMiB, double IndexMiB, double Crowding, double ExactQueryMs,
    int Queries, IReadOnlyList<RecallAtExpansion> ByExpansion);

/// <summary>
/// Builds the store's <see cref="HnswIndex"/> (cosine, float32, 384 dimensions) over incidents 0…n-1, inserting in
/// batches on <see cref="HnswOptions.EffectiveBuildThreads"/> threads as the store's rebuild does, and compares its top
/// 10 for each query, at each search expansion asked for, with an exact top 10 by dot product (the vectors are unit
/// length, so it ranks by cosine).
/// </summary>
public static class VectorRecall
{
    private const int Top = 10;
    private const int Batch = UsearchIncidentVectorStore.RebuildProgressInterval;

    public static RecallResult Measure(IncidentVectors vectors, int count, HnswOptions hnsw, IReadOnlyList<int> expansions, Action<string> log)
    {
        var all = new float[count][];
        Parallel.For(0, count, n => all[n] = vectors.Vector(n));
        GC.Collect();
        var before = ResidentMiB();
        var threads = hnsw.EffectiveBuildThreads;
        var timer = Stopwatch.StartNew();
        using var index = HnswIndex.Create(all[0].Length, hnsw);
        for (var start = 0; start < count; start += Batch)
        {
            index.AddParallel(Enumerable.Range(start, Math.Min(Batch, count - start)).Select(n => ((ulong)n, all[n])).ToList(), threads);
            if ((start / Batch) % 50 == 49)
            {
                log($"  built {start + Batch:N0} of {count:N0} in {timer.Elapsed.TotalSeconds:F0} s");
            }
        }

        var build = timer.Elapsed;
        var memory = ResidentMiB() - before;

        timer.Restart();
        var exact = vectors.Queries.Select(query => Exact(all, query)).ToList();
        var exactMs = timer.Elapsed.TotalMilliseconds / vectors.Queries.Length;
        var crowding = vectors.Queries.Zip(exact).Average(pair => all.Count(v => TensorPrimitives.Dot(v, pair.First) >= pair.Second.TenthScore - 0.01f));

        var byExpansion = new List<RecallAtExpansion>();
        foreach (var expansion in expansions)
        {
            index.ExpansionSearch = expansion;
            var (hits, tieHits, kindHits, gap, time) = (0, 0, 0, 0.0, TimeSpan.Zero);
            foreach (var (query, truth) in vectors.Queries.Zip(exact))
            {
                timer.Restart();
                var found = index.Search(query, Top, out var keys, out _);
                time += timer.Elapsed;
                var scores = keys.Take(found).Select(key => TensorPrimitives.Dot(all[key], query)).ToList();
                hits += keys.Take(found).Count(key => truth.Ids.Contains((int)key));
                tieHits += scores.Count(score => score >= truth.TenthScore - 1e-5f);
                var kinds = truth.Ids.Select(vectors.BaseOf).ToHashSet();
                kindHits += keys.Take(found).Count(key => kinds.Contains(vectors.BaseOf((int)key)));
                gap += truth.TenthScore - (found == Top ? scores.Min() : -1);
            }

            var queries = vectors.Queries.Length;
            byExpansion.Add(new RecallAtExpansion(expansion, hits / (double)(queries * Top), tieHits / (double)(queries * Top), kindHits / (double)(queries * Top), gap / queries, time.TotalMilliseconds / queries));
        }

        return new RecallResult(count, hnsw, threads, build, memory, index.MemoryBytes / 1048576.0, crowding, exactMs, vectors.Queries.Length, byExpansion);
    }

    private static (HashSet<int> Ids, float TenthScore) Exact(float[][] all, float[] query)
    {
        var best = new PriorityQueue<int, float>();
        for (var i = 0; i < all.Length; i++)
        {
            var score = TensorPrimitives.Dot(all[i], query);
            if (best.Count < Top)
            {
                best.Enqueue(i, score);
            }
            else if (best.TryPeek(out _, out var lowest) && score > lowest)
            {
                best.DequeueEnqueue(i, score);
            }
        }

        best.TryPeek(out _, out var tenth);
        return (best.UnorderedItems.Select(item => item.Element).ToHashSet(), tenth);
    }

    private static double ResidentMiB()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.WorkingSet64 / 1048576.0;
    }
}
