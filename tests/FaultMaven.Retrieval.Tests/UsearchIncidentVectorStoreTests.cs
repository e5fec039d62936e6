using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;

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

    public void Dispose() => directory.Dispose();

    private static IncidentVector Vector(string id, float[] values, string service) =>
        new(id, values, new IncidentMetadata(service, "team", IncidentStatus.Open), DateTimeOffset.UnixEpoch);
}
