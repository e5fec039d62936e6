using FaultMaven.Analysis.Anomaly.Sessions;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>A session model trained on one source's history, with what it was trained on.</summary>
public sealed record StoredSessionModel(string Source, SessionAnomalyModel Model, DateTimeOffset TrainedAt, int SessionCount, int TemplateCount);

/// <summary>Keeps every trained session model version; the serialized model holds template ids and count statistics, no log text.</summary>
public sealed class SessionModelRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Stores the model; retraining to an identical version only moves its training time forward.</summary>
    public async Task SaveAsync(StoredSessionModel trained, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(
            """
            INSERT INTO session_models (version, source, trained_at, session_count, template_count, model)
            VALUES (@version, @source, @trainedAt, @sessionCount, @templateCount, @model)
            ON CONFLICT (source, version) DO UPDATE SET trained_at = GREATEST(session_models.trained_at, EXCLUDED.trained_at)
            """,
            new
            {
                version = trained.Model.Version,
                source = trained.Source,
                trainedAt = trained.TrainedAt.ToUniversalTime(),
                sessionCount = trained.SessionCount,
                templateCount = trained.TemplateCount,
                model = trained.Model.Serialize(),
            },
            cancellationToken);

    /// <summary>The most recently trained model of the source, or null when none was trained yet.</summary>
    public async Task<StoredSessionModel?> LatestAsync(string source, CancellationToken cancellationToken = default)
    {
        var rows = await dataSource.QueryAsync<SessionModelRow>(
            """
            SELECT source AS Source, trained_at AS TrainedAt, session_count AS SessionCount, template_count AS TemplateCount, model AS Model
            FROM session_models WHERE source = @source
            ORDER BY trained_at DESC, version
            LIMIT 1
            """,
            new { source },
            cancellationToken);
        return rows.Count == 0 ? null : rows[0].ToStoredSessionModel();
    }

    private sealed record SessionModelRow(string Source, DateTime TrainedAt, int SessionCount, int TemplateCount, byte[] Model)
    {
        public StoredSessionModel ToStoredSessionModel() =>
            new(Source, SessionAnomalyModel.Deserialize(Model), Columns.Utc(TrainedAt), SessionCount, TemplateCount);
    }
}
