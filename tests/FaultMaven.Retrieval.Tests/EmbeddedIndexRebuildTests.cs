using Dapper;
using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;
using FaultMaven.Storage;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Testing;

namespace FaultMaven.Retrieval.Tests;

[Collection(MiniLmCollection.Name)]
public sealed class EmbeddedIndexRebuildTests(MiniLmFixture miniLm, PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private const string Question = "postgres has no free connection slots left";

    // Eight incidents, the PostgreSQL one among them, keep these tests quick; the quality test embeds them all.
    private static readonly IReadOnlyList<IncidentDocument> History = IncidentHistory.Incidents.Take(8).ToList();

    private readonly TemporaryDirectory directory = new();

    private string IndexPath => directory.File("incidents.usearch");

    [Fact]
    public async Task A_saved_index_is_reopened_without_a_rebuild()
    {
        await IndexHistoryAsync(miniLm.Generator);

        using var reopened = new UsearchIncidentVectorStore(IndexPath, miniLm.Model);
        var result = await RetrievalOver(reopened, miniLm.Generator).SynchronizeAsync();

        Assert.Equal(new SynchronizationResult(Reembedded: 0, Rebuilt: false), result);
        Assert.Equal("pg-connections", (await RetrievalOver(reopened, miniLm.Generator).FindSimilarAsync(Question, 1))[0].IncidentId);
    }

    [Fact]
    public async Task A_deleted_index_file_is_rebuilt_from_postgres()
    {
        await IndexHistoryAsync(miniLm.Generator);
        File.Delete(IndexPath);

        using var reopened = new UsearchIncidentVectorStore(IndexPath, miniLm.Model);
        var retrieval = RetrievalOver(reopened, miniLm.Generator);
        Assert.Empty(await reopened.QueryAsync(new float[MiniLmEmbeddingGenerator.Dimensions], 1));
        var result = await retrieval.SynchronizeAsync();

        Assert.Equal(new SynchronizationResult(Reembedded: 0, Rebuilt: true), result);
        Assert.Equal(History.Count, reopened.State.Count);
        Assert.True(File.Exists(IndexPath));
        Assert.Equal("pg-connections", (await retrieval.FindSimilarAsync(Question, 1))[0].IncidentId);
    }

    [Theory]
    [InlineData("incidents.usearch", "cut in half, as by a full disk")]
    [InlineData("incidents.usearch.manifest.json", "overwritten with other bytes")]
    public async Task A_corrupted_index_file_is_detected_at_start_and_rebuilt_from_postgres_with_progress(string file, string damage)
    {
        await IndexHistoryAsync(miniLm.Generator);
        var path = directory.File(file);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, damage.StartsWith("cut", StringComparison.Ordinal) ? bytes[..(bytes.Length / 2)] : Enumerable.Repeat((byte)'#', bytes.Length).ToArray());

        var logger = new FakeLogger<UsearchIncidentVectorStore>();
        using var reopened = new UsearchIncidentVectorStore(IndexPath, miniLm.Model, logger);
        var opened = reopened.State.Count;
        var retrieval = RetrievalOver(reopened, miniLm.Generator);
        var result = await retrieval.SynchronizeAsync();
        var messages = logger.Collector.GetSnapshot().Select(record => $"{record.Level}: {record.Message}").ToList();

        Assert.True(opened == 0, $"{file} {damage}: opened with {opened} vectors; log: {string.Join(" | ", messages)}");
        Assert.Contains(messages, m => m.StartsWith("Warning: The embedded incident index", StringComparison.Ordinal) && m.Contains("rebuilt from PostgreSQL", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"Information: Rebuilt the embedded incident index", StringComparison.Ordinal) && m.Contains($"{History.Count} vectors", StringComparison.Ordinal));
        Assert.True(result.Rebuilt);
        Assert.Equal("pg-connections", (await retrieval.FindSimilarAsync(Question, 1))[0].IncidentId);
    }

    [Fact]
    public async Task A_write_the_index_missed_makes_it_stale_and_rebuilt()
    {
        await IndexHistoryAsync(miniLm.Generator);
        using (var elsewhere = new UsearchIncidentVectorStore(directory.File("elsewhere.usearch"), miniLm.Model))
        {
            await RetrievalOver(elsewhere, miniLm.Generator).RemoveAsync("k8s-dns");
        }

        using var reopened = new UsearchIncidentVectorStore(IndexPath, miniLm.Model);
        var result = await RetrievalOver(reopened, miniLm.Generator).SynchronizeAsync();

        Assert.True(result.Rebuilt);
        Assert.Equal(History.Count - 1, reopened.State.Count);
    }

    [Fact]
    public async Task A_new_model_version_re_embeds_every_incident_and_rebuilds_the_index()
    {
        await IndexHistoryAsync(miniLm.Generator);
        // Not disposed: disposing a delegating generator disposes the shared model it wraps.
        var nextVersion = new RelabeledGenerator(miniLm.Generator, "all-MiniLM-L6-v2@next");
        var nextModel = EmbeddingModel.Of(nextVersion);

        using var reopened = new UsearchIncidentVectorStore(IndexPath, nextModel);
        var retrieval = new IncidentRetrieval(nextVersion, reopened, Repository, nextModel, TimeProvider.System);
        var result = await retrieval.SynchronizeAsync();

        Assert.Equal(new SynchronizationResult(Reembedded: History.Count, Rebuilt: true), result);
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        Assert.Equal([nextModel.Id], await connection.QueryAsync<string>("SELECT DISTINCT model FROM incident_embeddings"));
        Assert.Contains(nextModel.Id, await File.ReadAllTextAsync(IndexPath + ".manifest.json"), StringComparison.Ordinal);
        Assert.Equal("pg-connections", (await retrieval.FindSimilarAsync(Question, 1))[0].IncidentId);
    }

    public void Dispose() => directory.Dispose();

    private IncidentEmbeddingRepository Repository => new(postgres.DataSource, TestCipher.Instance);

    private IncidentRetrieval RetrievalOver(IIncidentVectorStore store, IEmbeddingGenerator<string, Embedding<float>> generator) =>
        new(generator, store, Repository, EmbeddingModel.Of(generator), TimeProvider.System);

    private async Task IndexHistoryAsync(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        await using (var connection = await postgres.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("TRUNCATE incident_embeddings");
        }

        using var store = new UsearchIncidentVectorStore(IndexPath, EmbeddingModel.Of(generator));
        var retrieval = RetrievalOver(store, generator);
        await retrieval.SynchronizeAsync();
        foreach (var incident in History)
        {
            await retrieval.IndexResolvedAsync(incident);
        }
    }

    /// <summary>The same weights under another model id, as after a package upgrade: not a fake model, a relabeled one.</summary>
    private sealed class RelabeledGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string modelId)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) && serviceKey is null
                ? new EmbeddingGeneratorMetadata("sentence-transformers", null, modelId, MiniLmEmbeddingGenerator.Dimensions)
                : base.GetService(serviceType, serviceKey);
    }
}
