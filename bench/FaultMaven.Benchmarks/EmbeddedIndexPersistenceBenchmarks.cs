using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;

namespace FaultMaven.Benchmarks;

/// <summary>
/// What one change to the embedded incident index costs on disk as it grows: an upsert (HNSW insert + one journal
/// record) against a snapshot of the whole index (what every upsert cost before the journal, and what a compaction
/// costs once per a quarter of the index's size in changes). The stored index of each size is built once (384-d unit
/// vectors) into a cache folder under the temp directory and copied for every run, because building 100 k takes minutes here.
/// In process (<c>InProcess</c>): the generated project's build does not finish within BenchmarkDotNet's timeout on this loaded machine.
/// </summary>
[Config(typeof(InProcessMonitoring))]
public class EmbeddedIndexPersistenceBenchmarks
{
    private const int UpsertsPerInvocation = 100;
    private static readonly EmbeddingModel Model = new("bench:random", MiniLmEmbeddingGenerator.Dimensions);

    private string directory = "";
    private UsearchIncidentVectorStore store = null!;
    private float[][] fresh = [];
    private int next;

    [Params(10_000, 100_000)]
    public int Stored { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"faultmaven-bench-index-{Stored}");
        if (!File.Exists(Path.Combine(cache, "done")))
        {
            Directory.CreateDirectory(cache);
            var random = new Random(Stored);
            using var building = new UsearchIncidentVectorStore(Path.Combine(cache, "incidents.usearch"), Model);
            await building.RebuildAsync(Enumerable.Range(0, Stored).Select(i => Vector($"stored-{i}", UnitVector(random))).ToAsyncEnumerable());
            await File.WriteAllTextAsync(Path.Combine(cache, "done"), "");
        }

        directory = Directory.CreateTempSubdirectory("faultmaven-bench-persist-").FullName;
        foreach (var file in Directory.GetFiles(cache, "incidents.usearch*"))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        store = new UsearchIncidentVectorStore(Path.Combine(directory, "incidents.usearch"), Model);
        var freshRandom = new Random(7);
        fresh = Enumerable.Range(0, 4096).Select(_ => UnitVector(freshRandom)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = UpsertsPerInvocation, Description = "upsert a new incident (HNSW insert + journal record)")]
    public async Task Upsert()
    {
        for (var i = 0; i < UpsertsPerInvocation; i++, next++)
        {
            await store.UpsertAsync(Vector($"new-{next}", fresh[next % fresh.Length]));
        }
    }

    [Benchmark(Description = "snapshot the whole index (each upsert before the journal; a compaction now)")]
    public void Snapshot() => store.Compact();

    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() =>
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
                .WithToolchain(InProcessEmitToolchain.Instance));
    }

    private static IncidentVector Vector(string id, float[] values) =>
        new(id, values, new IncidentMetadata("checkout", "payments", IncidentStatus.Open), DateTimeOffset.UnixEpoch);

    private static float[] UnitVector(Random random)
    {
        var vector = Enumerable.Range(0, MiniLmEmbeddingGenerator.Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
