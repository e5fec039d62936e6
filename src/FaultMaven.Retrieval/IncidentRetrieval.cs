using System.Runtime.CompilerServices;
using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;
using FaultMaven.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace FaultMaven.Retrieval;

/// <summary>
/// The context retrieval agent's core: embeds incidents into PostgreSQL (the source of truth) and the vector store,
/// and answers "have we seen this before?" with similar past incidents and their resolutions — only those at least
/// <see cref="EmbeddingOptions.SimilarityFloor"/> similar (none without <paramref name="options"/>), so an unrelated
/// question gets no answer rather than the least unrelated incident.
/// </summary>
public sealed class IncidentRetrieval(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IIncidentVectorStore store,
    IncidentEmbeddingRepository repository,
    EmbeddingModel model,
    TimeProvider time,
    VectorStoreMetrics? metrics = null,
    QueryEmbeddingCache? queryCache = null,
    IOptions<EmbeddingOptions>? options = null)
{
    private readonly double floor = options?.Value.SimilarityFloor ?? 0;

    private const int ReembedBatchSize = 64;

    public EmbeddingModel Model => model;

    /// <summary>Embeds an incident that has just opened, from its summary and key templates.</summary>
    public Task IndexOpenedAsync(IncidentDocument incident, CancellationToken cancellationToken = default) =>
        incident.Status == IncidentStatus.Open
            ? IndexAsync(incident, cancellationToken)
            : throw new ArgumentException($"incident {incident.Id} is {incident.Status}, not open", nameof(incident));

    /// <summary>Embeds a resolved incident again, now with its resolution, which is what later searches want to find.</summary>
    public Task IndexResolvedAsync(IncidentDocument incident, CancellationToken cancellationToken = default) =>
        incident is { Status: IncidentStatus.Resolved, Resolution: { } resolution } && !string.IsNullOrWhiteSpace(resolution)
            ? IndexAsync(incident, cancellationToken)
            : throw new ArgumentException($"incident {incident.Id} must be resolved and have a resolution", nameof(incident));

    /// <summary>Embeds the incident and stores the embedding in PostgreSQL, then in the vector store, replacing earlier ones.</summary>
    public async Task IndexAsync(IncidentDocument incident, CancellationToken cancellationToken = default)
    {
        var text = incident.EmbeddingText();
        var vector = await EmbedAsync(text, cancellationToken);
        await StoreAsync(new StoredIncidentEmbedding(
            incident.Id, model.Id, vector, text, incident.Title, incident.Resolution, incident.Service, incident.Team,
            MetadataFields.StatusName(incident.Status), Now()), cancellationToken);
    }

    /// <summary>The <paramref name="top"/> past incidents most similar to a description, a pasted log or a question.</summary>
    public async Task<IReadOnlyList<SimilarIncident>> FindSimilarAsync(
        string text, int top, IncidentFilter? filter = null, CancellationToken cancellationToken = default) =>
        await DescribeAsync(await QueryStoreAsync(await EmbedQueryAsync(text, cancellationToken), top, filter, cancellationToken), cancellationToken);

    /// <summary>The <paramref name="top"/> other incidents most similar to a stored one, searched with its stored embedding.</summary>
    /// <exception cref="KeyNotFoundException">The incident was never indexed.</exception>
    public async Task<IReadOnlyList<SimilarIncident>> FindSimilarToIncidentAsync(
        string incidentId, int top, IncidentFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var stored = await repository.GetAsync(incidentId, cancellationToken)
            ?? throw new KeyNotFoundException($"incident {incidentId} has no embedding; index it first");
        var matches = await QueryStoreAsync(stored.Embedding, top + 1, filter, cancellationToken);
        return await DescribeAsync(matches.Where(match => match.IncidentId != incidentId).Take(top).ToList(), cancellationToken);
    }

    public async Task RemoveAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        await repository.DeleteAsync(incidentId, cancellationToken);
        await store.DeleteAsync(incidentId, cancellationToken);
    }

    /// <summary>
    /// Run at start: re-embeds the incidents another model embedded, from their stored text, then rebuilds a rebuildable
    /// vector store from PostgreSQL when it does not hold exactly what PostgreSQL holds for the current model
    /// (re-embedded incidents reach a rebuildable store through that rebuild, at once, rather than one by one).
    /// </summary>
    public async Task<SynchronizationResult> SynchronizeAsync(CancellationToken cancellationToken = default)
    {
        var reembedded = 0;
        for (IReadOnlyList<StoredIncidentEmbedding> outdated;
             (outdated = await repository.ListOtherModelsAsync(model.Id, ReembedBatchSize, cancellationToken)).Count > 0;)
        {
            var vectors = await generator.GenerateAsync(outdated.Select(row => row.EmbeddedText), cancellationToken: cancellationToken);
            foreach (var (row, vector) in outdated.Zip(vectors))
            {
                var reembeddedRow = row with { Model = model.Id, Embedding = vector.Vector.ToArray(), EmbeddedAt = Now() };
                await repository.UpsertAsync(reembeddedRow, cancellationToken);
                if (store is not IRebuildableIncidentVectorStore)
                {
                    await store.UpsertAsync(VectorOf(reembeddedRow), cancellationToken);
                }
            }

            reembedded += outdated.Count;
        }

        if (store is not IRebuildableIncidentVectorStore rebuildable
            || rebuildable.State == await repository.StateAsync(model.Id, cancellationToken))
        {
            return new SynchronizationResult(reembedded, Rebuilt: false);
        }

        await rebuildable.RebuildAsync(StoredVectorsAsync(cancellationToken), cancellationToken);
        return new SynchronizationResult(reembedded, Rebuilt: true);
    }

    private async IAsyncEnumerable<IncidentVector> StoredVectorsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in repository.ListAsync(model.Id, cancellationToken))
        {
            yield return VectorOf(row);
        }
    }

    private async Task StoreAsync(StoredIncidentEmbedding row, CancellationToken cancellationToken)
    {
        await repository.UpsertAsync(row, cancellationToken);
        await store.UpsertAsync(VectorOf(row), cancellationToken);
    }

    private async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var vector = await generator.GenerateVectorAsync(text, cancellationToken: cancellationToken);
        return vector.Length == model.Dimensions
            ? vector.ToArray()
            : throw new InvalidOperationException($"{model.Id} returned a {vector.Length}-dimensional vector; {model.Dimensions} were configured");
    }

    /// <summary>A search text's embedding, from <see cref="QueryEmbeddingCache"/> when it was asked recently; timed as hit or miss.</summary>
    private async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var normalized = QueryEmbeddingCache.Normalize(text);
        if (queryCache?.TryGet(normalized, out var cached) == true)
        {
            metrics?.RecordQueryEmbedding(System.Diagnostics.Stopwatch.GetElapsedTime(started), cached: true);
            return cached;
        }

        var vector = await EmbedAsync(normalized, cancellationToken);
        queryCache?.Add(normalized, vector);
        metrics?.RecordQueryEmbedding(System.Diagnostics.Stopwatch.GetElapsedTime(started), cached: false);
        return vector;
    }

    private Task<IReadOnlyList<VectorMatch>> QueryStoreAsync(ReadOnlyMemory<float> vector, int top, IncidentFilter? filter, CancellationToken cancellationToken) =>
        metrics is null ? store.QueryAsync(vector, top, filter, cancellationToken) : metrics.TimeAsync(() => store.QueryAsync(vector, top, filter, cancellationToken));

    private async Task<IReadOnlyList<SimilarIncident>> DescribeAsync(IReadOnlyList<VectorMatch> matches, CancellationToken cancellationToken)
    {
        matches = matches.Where(match => match.Similarity >= floor).ToList();
        var stored = (await repository.GetManyAsync(matches.Select(match => match.IncidentId).ToList(), cancellationToken))
            .ToDictionary(row => row.IncidentId);
        return matches
            .Where(match => stored.ContainsKey(match.IncidentId))
            .Select(match => new SimilarIncident(
                match.IncidentId, stored[match.IncidentId].Title, match.Similarity, stored[match.IncidentId].Resolution, match.Metadata))
            .ToList();
    }

    private static IncidentVector VectorOf(StoredIncidentEmbedding row) =>
        new(row.IncidentId, row.Embedding, new IncidentMetadata(row.Service, row.Team, MetadataFields.ParseStatus(row.Status)), row.EmbeddedAt);

    // PostgreSQL keeps microseconds; the embedded index compares the time it was given with the one read back.
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
