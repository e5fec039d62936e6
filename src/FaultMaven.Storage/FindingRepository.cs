using FaultMaven.Contracts;
using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>A stored finding, the incident it was attached to, and when the row was written.</summary>
public sealed record StoredFinding(Finding Finding, string? IncidentId, DateTimeOffset FirstSeen, DateTimeOffset UpdatedAt);

/// <summary>Filters for <see cref="FindingRepository.ListAsync"/>; the time range bounds <see cref="Finding.WindowEnd"/>.</summary>
public sealed record FindingQuery : PagedQuery
{
    public string? Source { get; init; }

    /// <summary>The caller's sources; rows of hidden ones are left out.</summary>
    public SourceScope Scope { get; init; } = SourceScope.Everything;

    public string? Kind { get; init; }

    public Severity? MinimumSeverity { get; init; }

    public string? IncidentId { get; init; }
}

/// <summary>Stores findings with their examples and evidence sealed; templates are masked, so they stay in clear.</summary>
public sealed class FindingRepository(NpgsqlDataSource dataSource, FieldCipher cipher)
{
    // A finding grows while its window is open, so the version with the larger count is the newer one:
    // it replaces what is stored, and a replayed or older version changes nothing.
    private const string UpsertSql = """
        INSERT INTO findings (id, kind, severity, source, service, window_start, window_end, title, count, baseline, score,
                              model_version, templates, examples, evidence)
        SELECT DISTINCT ON (id) *
        FROM unnest(@id, @kind, @severity, @source, @service, @windowStart, @windowEnd, @title, @count, @baseline, @score,
                    @modelVersion, @templates::jsonb[], @examples, @evidence)
             AS incoming (id, kind, severity, source, service, window_start, window_end, title, count, baseline, score,
                          model_version, templates, examples, evidence)
        ORDER BY id, count DESC
        ON CONFLICT (id) DO UPDATE SET
            severity = EXCLUDED.severity, window_end = EXCLUDED.window_end, title = EXCLUDED.title, count = EXCLUDED.count,
            baseline = EXCLUDED.baseline, score = EXCLUDED.score, model_version = EXCLUDED.model_version,
            templates = EXCLUDED.templates, examples = EXCLUDED.examples, evidence = EXCLUDED.evidence, updated_at = now()
        WHERE EXCLUDED.count > findings.count
        """;

    private const string SelectSql = """
        SELECT id AS Id, kind AS Kind, severity AS Severity, source AS Source, service AS Service,
               window_start AS WindowStart, window_end AS WindowEnd, title AS Title, count AS Count, baseline AS Baseline,
               score AS Score, model_version AS ModelVersion, templates::text AS Templates, examples AS Examples,
               evidence AS Evidence, incident_id AS IncidentId, first_seen AS FirstSeen, updated_at AS UpdatedAt
        FROM findings
        """;

    /// <summary>Inserts new findings and updates stored ones that the given version has a larger count for.</summary>
    /// <returns>How many rows were inserted or updated.</returns>
    public async Task<int> UpsertAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default)
    {
        if (findings.Count == 0)
        {
            return 0;
        }

        return await dataSource.ExecuteAsync(UpsertSql, new
        {
            id = findings.Select(f => f.Id).ToArray(),
            kind = findings.Select(f => f.Kind).ToArray(),
            severity = findings.Select(f => Columns.SeverityName(f.Severity)).ToArray(),
            source = findings.Select(f => f.Source).ToArray(),
            service = findings.Select(f => f.Service).ToArray(),
            windowStart = findings.Select(f => f.WindowStart.ToUniversalTime()).ToArray(),
            windowEnd = findings.Select(f => f.WindowEnd.ToUniversalTime()).ToArray(),
            title = findings.Select(f => f.Title).ToArray(),
            count = findings.Select(f => f.Count).ToArray(),
            baseline = findings.Select(f => f.Baseline).ToArray(),
            score = findings.Select(f => f.Score).ToArray(),
            modelVersion = findings.Select(f => f.ModelVersion).ToArray(),
            templates = findings.Select(f => Columns.ToJson(f.Templates)).ToArray(),
            examples = findings.Select(f => cipher.SealText(Columns.ToJson(f.Examples), Context("examples", f.Id))).ToArray(),
            evidence = findings.Select(f => cipher.SealText(Columns.ToJson(f.Evidence), Context("evidence", f.Id))).ToArray(),
        }, cancellationToken);
    }

    /// <summary>The finding, or null when there is none or its source is hidden from <paramref name="scope"/>.</summary>
    public async Task<StoredFinding?> GetAsync(string id, CancellationToken cancellationToken = default, SourceScope? scope = null)
    {
        var (where, parameters) = (scope ?? SourceScope.Everything).Where("id = @id", new { id });
        var rows = await dataSource.QueryAsync<FindingRow>($"{SelectSql} {where}", parameters, cancellationToken);
        return rows.Count == 0 ? null : rows[0].ToStoredFinding(cipher);
    }

    /// <summary>The incident of each of <paramref name="ids"/> that is stored and grouped, by finding id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> IncidentsOfAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        (await dataSource.QueryAsync<(string Id, string IncidentId)>(
            "SELECT id, incident_id FROM findings WHERE id = ANY(@ids) AND incident_id IS NOT NULL", new { ids = ids.ToArray() }, cancellationToken))
        .ToDictionary(row => row.Id, row => row.IncidentId, StringComparer.Ordinal);

    /// <summary>Findings matching the query, latest window end first.</summary>
    public Task<Page<StoredFinding>> ListAsync(FindingQuery query, CancellationToken cancellationToken = default) =>
        new KeysetQuery<string>("window_end", "id")
            .WhereEqual("source", query.Source)
            .WhereVisible("source", query.Scope)
            .WhereEqual("kind", query.Kind)
            .WhereSeverityAtLeast("severity", query.MinimumSeverity)
            .WhereEqual("incident_id", query.IncidentId)
            .ReadPageAsync(
                dataSource, SelectSql, query, (FindingRow row) => row.ToStoredFinding(cipher),
                stored => (stored.Finding.WindowEnd, stored.Finding.Id), cancellationToken);

    private static byte[] Context(string column, string id) => SealedTable.Findings.Context(column, id);

    private sealed record FindingRow(
        string Id, string Kind, string Severity, string Source, string? Service, DateTime WindowStart, DateTime WindowEnd,
        string Title, long Count, double? Baseline, double Score, string? ModelVersion, string Templates, byte[] Examples,
        byte[] Evidence, string? IncidentId, DateTime FirstSeen, DateTime UpdatedAt)
    {
        public StoredFinding ToStoredFinding(FieldCipher cipher) => new(
            new Finding(
                Id, Kind, Columns.ParseSeverity(Severity), Source, Service, Columns.Utc(WindowStart), Columns.Utc(WindowEnd),
                Title, Count, Baseline, Score, ModelVersion,
                Columns.FromJson<List<string>>(Templates), Columns.FromJson<List<string>>(cipher.OpenText(Examples, Context("examples", Id))),
                Columns.FromJson<List<RawOffset>>(cipher.OpenText(Evidence, Context("evidence", Id)))),
            IncidentId,
            Columns.Utc(FirstSeen),
            Columns.Utc(UpdatedAt));
    }
}
