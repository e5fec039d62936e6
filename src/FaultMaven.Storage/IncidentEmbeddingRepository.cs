using Dapper;
using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>One incident's embedding, the model that made it, the text it was made from, and the metadata searches filter on.</summary>
public sealed record StoredIncidentEmbedding(
    string IncidentId,
    string Model,
    float[] Embedding,
    string EmbeddedText,
    string Title,
    string? Resolution,
    string? Service,
    string? Team,
    string Status,
    DateTimeOffset EmbeddedAt);

/// <summary>How many embeddings one model has and when the latest was made: enough to tell whether an index built from them is current.</summary>
public sealed record EmbeddingSetState(long Count, DateTimeOffset? LatestEmbeddedAt);

/// <summary>Incident embeddings; the text they were made from and the resolution are sealed, since they hold what people wrote.</summary>
public sealed class IncidentEmbeddingRepository(NpgsqlDataSource dataSource, FieldCipher cipher)
{
    private const string SelectSql = """
        SELECT incident_id AS IncidentId, model AS Model, embedding AS Embedding, embedded_text AS EmbeddedText, title AS Title,
               resolution AS Resolution, service AS Service, team AS Team, status AS Status, embedded_at AS EmbeddedAt
        FROM incident_embeddings
        """;

    private const string UpsertSql = """
        INSERT INTO incident_embeddings (incident_id, model, dimensions, embedding, embedded_text, title, resolution, service, team, status, embedded_at)
        VALUES (@IncidentId, @Model, cardinality(@Embedding), @Embedding, @EmbeddedText, @Title, @Resolution, @Service, @Team, @Status, @EmbeddedAt)
        ON CONFLICT (incident_id) DO UPDATE SET
            model = EXCLUDED.model, dimensions = EXCLUDED.dimensions, embedding = EXCLUDED.embedding,
            embedded_text = EXCLUDED.embedded_text, title = EXCLUDED.title, resolution = EXCLUDED.resolution,
            service = EXCLUDED.service, team = EXCLUDED.team, status = EXCLUDED.status, embedded_at = EXCLUDED.embedded_at
        """;

    public async Task UpsertAsync(StoredIncidentEmbedding embedding, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(UpsertSql, new
        {
            embedding.IncidentId,
            embedding.Model,
            embedding.Embedding,
            EmbeddedText = cipher.SealText(embedding.EmbeddedText, Context("embedded_text", embedding.IncidentId)),
            embedding.Title,
            Resolution = embedding.Resolution is null ? null : cipher.SealText(embedding.Resolution, Context("resolution", embedding.IncidentId)),
            embedding.Service,
            embedding.Team,
            embedding.Status,
            EmbeddedAt = embedding.EmbeddedAt.UtcDateTime,
        }, cancellationToken);

    public async Task<StoredIncidentEmbedding?> GetAsync(string incidentId, CancellationToken cancellationToken = default) =>
        (await GetManyAsync([incidentId], cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<StoredIncidentEmbedding>> GetManyAsync(
        IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken = default) =>
        QueryStoredAsync($"{SelectSql} WHERE incident_id = ANY(@incidentIds)", new { incidentIds = incidentIds.ToArray() }, cancellationToken);

    /// <returns>Whether a row was deleted.</returns>
    public async Task<bool> DeleteAsync(string incidentId, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync("DELETE FROM incident_embeddings WHERE incident_id = @incidentId", new { incidentId }, cancellationToken) > 0;

    public async Task<EmbeddingSetState> StateAsync(string model, CancellationToken cancellationToken = default)
    {
        var rows = await dataSource.QueryAsync<(long Count, DateTime? Latest)>(
            "SELECT count(*), max(embedded_at) FROM incident_embeddings WHERE model = @model", new { model }, cancellationToken);
        return new EmbeddingSetState(rows[0].Count, rows[0].Latest is { } latest ? Columns.Utc(latest) : null);
    }

    /// <summary>Every embedding <paramref name="model"/> made, streamed in incident id order.</summary>
    public async IAsyncEnumerable<StoredIncidentEmbedding> ListAsync(
        string model, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<EmbeddingRow>(
            $"{SelectSql} WHERE model = @model ORDER BY incident_id", new { model });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.ToStored(cipher);
        }
    }

    /// <summary>Up to <paramref name="limit"/> embeddings made by any model other than <paramref name="model"/>.</summary>
    public Task<IReadOnlyList<StoredIncidentEmbedding>> ListOtherModelsAsync(string model, int limit, CancellationToken cancellationToken = default) =>
        QueryStoredAsync($"{SelectSql} WHERE model <> @model ORDER BY incident_id LIMIT @limit", new { model, limit }, cancellationToken);

    private async Task<IReadOnlyList<StoredIncidentEmbedding>> QueryStoredAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        (await dataSource.QueryAsync<EmbeddingRow>(sql, parameters, cancellationToken)).Select(row => row.ToStored(cipher)).ToList();

    // Properties rather than a positional record: Dapper reports real[] columns as System.Array, which matches no constructor.
    private sealed class EmbeddingRow
    {
        public string IncidentId { get; set; } = "";

        public string Model { get; set; } = "";

        public float[] Embedding { get; set; } = [];

        public byte[] EmbeddedText { get; set; } = [];

        public string Title { get; set; } = "";

        public byte[]? Resolution { get; set; }

        public string? Service { get; set; }

        public string? Team { get; set; }

        public string Status { get; set; } = "";

        public DateTime EmbeddedAt { get; set; }

        public StoredIncidentEmbedding ToStored(FieldCipher cipher) =>
            new(
                IncidentId, Model, Embedding, cipher.OpenText(EmbeddedText, Context("embedded_text", IncidentId)), Title,
                Resolution is null ? null : cipher.OpenText(Resolution, Context("resolution", IncidentId)), Service, Team, Status, Columns.Utc(EmbeddedAt));
    }

    private static byte[] Context(string column, string incidentId) => SealedTable.IncidentEmbeddings.Context(column, incidentId);
}
