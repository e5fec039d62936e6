using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;
using Microsoft.Extensions.Logging.Testing;

namespace FaultMaven.Retrieval.Tests;

public sealed class UsearchIncidentVectorStoreTests : IDisposable
{
    private static readonly EmbeddingModel Model = new("test:axes", 3);

    private readonly TemporaryDirectory directory = new();

    [Fact]
    public async Task A_filter_that_only_far_vectors_pass_still_returns_them_by_searching_deeper()
    {
        using var store = new UsearchIncidentVectorStore(directory.File("index.usearch"), Model);
        for (var i = 0; i < 50; i++)
        {
            await store.UpsertAsync(Vector($"near-{i}", [1, i / 1000f, 0], "checkout"));
        }

        await store.UpsertAsync(Vector("far", [0, 0, 1], "billing"));

        var matches = await store.QueryAsync(new float[] { 1, 0, 0 }, 3, new IncidentFilter { Service = "billing" });

        var match = Assert.Single(matches);
        Assert.Equal("far", match.IncidentId);
        Assert.Equal(0, match.Similarity, precision: 3);
    }

    [Fact]
    public async Task Upserting_an_incident_again_replaces_its_vector_and_metadata()
    {
        using var store = new UsearchIncidentVectorStore(directory.File("index.usearch"), Model);
        await store.UpsertAsync(Vector("inc-1", [1, 0, 0], "checkout"));
        await store.UpsertAsync(Vector("inc-1", [0, 1, 0], "billing") with { Metadata = new IncidentMetadata("billing", null, IncidentStatus.Resolved) });

        var match = Assert.Single(await store.QueryAsync(new float[] { 0, 1, 0 }, 5));

        Assert.Equal(("inc-1", IncidentStatus.Resolved, "billing"), (match.IncidentId, match.Metadata.Status, match.Metadata.Service));
        Assert.Equal(1, match.Similarity, precision: 5);
        Assert.Equal(1, store.State.Count);
    }

    [Fact]
    public async Task A_deleted_incident_is_gone_after_reopening_the_file()
    {
        var path = directory.File("index.usearch");
        using (var store = new UsearchIncidentVectorStore(path, Model))
        {
            await store.UpsertAsync(Vector("kept", [1, 0, 0], "checkout"));
            await store.UpsertAsync(Vector("deleted", [0, 1, 0], "checkout"));
            await store.DeleteAsync("deleted");
        }

        using var reopened = new UsearchIncidentVectorStore(path, Model);

        Assert.Equal(["kept"], (await reopened.QueryAsync(new float[] { 0, 1, 0 }, 5)).Select(match => match.IncidentId));
    }

    [Fact]
    public async Task A_vector_of_another_length_is_refused_with_both_lengths_named()
    {
        using var store = new UsearchIncidentVectorStore(directory.File("index.usearch"), Model);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(Vector("inc-1", [1, 0], "checkout")));

        Assert.Contains("2-dimensional vector does not fit the 3-dimensional index of test:axes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_built_with_another_connectivity_opens_empty_so_that_postgres_rebuilds_it_with_the_configured_one()
    {
        var path = directory.File("index.usearch");
        using (var store = new UsearchIncidentVectorStore(path, Model, hnsw: new HnswOptions { Connectivity = 16 }))
        {
            await store.UpsertAsync(Vector("inc-1", [1, 0, 0], "checkout"));
            store.Compact();
        }

        var logger = new FakeLogger<UsearchIncidentVectorStore>();
        using var reopened = new UsearchIncidentVectorStore(path, Model, logger, new HnswOptions { Connectivity = 32 });

        Assert.Equal(0, reopened.State.Count);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Message.Contains("built with connectivity 16, not the configured 32", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rebuild_larger_than_one_batch_holds_every_vector_and_reports_progress_per_batch()
    {
        var count = (2 * UsearchIncidentVectorStore.RebuildProgressInterval) + 7;
        var logger = new FakeLogger<UsearchIncidentVectorStore>();
        using var store = new UsearchIncidentVectorStore(directory.File("index.usearch"), Model, logger, new HnswOptions { BuildThreads = 2 });

        await store.RebuildAsync(Spiral(count));

        var progress = logger.Collector.GetSnapshot().Select(record => record.Message).Where(m => m.Contains("vectors added", StringComparison.Ordinal)).ToList();
        Assert.Equal(count, store.State.Count);
        Assert.Equal(2, progress.Count);
        Assert.StartsWith($"Rebuilding the embedded incident index: {UsearchIncidentVectorStore.RebuildProgressInterval} vectors added", progress[0], StringComparison.Ordinal);
        var last = Spiral(count).ToBlockingEnumerable().Last();
        Assert.Equal(last.IncidentId, (await store.QueryAsync(last.Vector, 1))[0].IncidentId);
    }

    public void Dispose() => directory.Dispose();

    // Distinct unit vectors along a spiral on the sphere, so that each has one clear nearest neighbour: itself.
    private static async IAsyncEnumerable<IncidentVector> Spiral(int count)
    {
        for (var n = 0; n < count; n++)
        {
            var z = 1 - ((2 * (n + 0.5f)) / count);
            var radius = MathF.Sqrt(1 - (z * z));
            var angle = n * 2.399963f;
            yield return Vector($"inc-{n}", [radius * MathF.Cos(angle), radius * MathF.Sin(angle), z], "checkout");
        }

        await Task.CompletedTask;
    }

    private static IncidentVector Vector(string id, float[] values, string service) =>
        new(id, values, new IncidentMetadata(service, "team", IncidentStatus.Open), DateTimeOffset.UnixEpoch);
}
