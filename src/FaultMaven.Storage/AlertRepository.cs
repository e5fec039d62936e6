using Npgsql;

namespace FaultMaven.Storage;

/// <summary>
/// An alert received from Alertmanager: its identity (label fingerprint and start), state, labels, annotations and
/// generator URL as sent, and the finding and incident FaultMaven filed it under.
/// </summary>
/// <param name="Source">The FaultMaven source the alert is about, read from its labels.</param>
public sealed record StoredAlert(
    string Fingerprint,
    DateTimeOffset StartsAt,
    string Status,
    DateTimeOffset? EndsAt,
    string Source,
    string? AlertName,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string? GeneratorUrl,
    string FindingId,
    string? IncidentId);

/// <summary>What resolving an alert did: the incident it belongs to, and whether no other alert of that incident still fires.</summary>
public sealed record AlertResolution(string? IncidentId, bool LastFiring);

/// <summary>The <c>alerts</c> table: alerts from Alertmanager's webhook, firing or resolved.</summary>
public sealed class AlertRepository(NpgsqlDataSource dataSource)
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";

    private const string SelectSql = """
        SELECT fingerprint, starts_at AS StartsAt, status, ends_at AS EndsAt, source, alert_name AS AlertName,
               labels::text AS Labels, annotations::text AS Annotations, generator_url AS GeneratorUrl,
               finding_id AS FindingId, incident_id AS IncidentId
        FROM alerts
        """;

    /// <summary>
    /// Stores a firing alert, or refreshes its labels, annotations and incident when Alertmanager repeats it. An alert
    /// already resolved stays resolved: a late repeat of its firing notification does not reopen it.
    /// </summary>
    public async Task RecordFiringAsync(StoredAlert alert, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(
            """
            INSERT INTO alerts (fingerprint, starts_at, status, source, alert_name, labels, annotations, generator_url, finding_id, incident_id)
            VALUES (@Fingerprint, @StartsAt, 'firing', @Source, @AlertName, @Labels::jsonb, @Annotations::jsonb, @GeneratorUrl, @FindingId, @IncidentId)
            ON CONFLICT (fingerprint, starts_at) DO UPDATE SET
                labels = EXCLUDED.labels, annotations = EXCLUDED.annotations, generator_url = EXCLUDED.generator_url,
                incident_id = COALESCE(alerts.incident_id, EXCLUDED.incident_id), updated_at = now()
            WHERE alerts.status = 'firing'
            """,
            new
            {
                alert.Fingerprint,
                StartsAt = alert.StartsAt.ToUniversalTime(),
                alert.Source,
                alert.AlertName,
                Labels = Columns.ToJson(alert.Labels),
                Annotations = Columns.ToJson(alert.Annotations),
                alert.GeneratorUrl,
                alert.FindingId,
                alert.IncidentId,
            },
            cancellationToken);

    /// <summary>Marks a firing alert resolved at <paramref name="endsAt"/>.</summary>
    /// <returns>Null when no such alert is firing (never seen, or resolved before).</returns>
    public async Task<AlertResolution?> ResolveAsync(string fingerprint, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        // The subquery reads the table as it was before the update, so the alert being resolved is left out by its key.
        var rows = await dataSource.QueryAsync<AlertResolution>(
            """
            WITH resolved AS (
                UPDATE alerts SET status = 'resolved', ends_at = @endsAt, updated_at = now()
                WHERE fingerprint = @fingerprint AND starts_at = @startsAt AND status = 'firing'
                RETURNING incident_id
            )
            SELECT incident_id AS IncidentId,
                   NOT EXISTS (SELECT 1 FROM alerts other
                               WHERE other.incident_id = resolved.incident_id AND other.status = 'firing'
                                 AND (other.fingerprint, other.starts_at) <> (@fingerprint, @startsAt)) AS LastFiring
            FROM resolved
            """,
            new { fingerprint, startsAt = startsAt.ToUniversalTime(), endsAt = endsAt.ToUniversalTime() },
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The alerts of an incident, earliest first.</summary>
    public async Task<IReadOnlyList<StoredAlert>> ListByIncidentAsync(string incidentId, CancellationToken cancellationToken = default) =>
        (await dataSource.QueryAsync<AlertRow>($"{SelectSql} WHERE incident_id = @incidentId ORDER BY starts_at, fingerprint", new { incidentId }, cancellationToken))
            .Select(row => row.ToAlert())
            .ToList();

    private sealed record AlertRow(
        string Fingerprint, DateTime StartsAt, string Status, DateTime? EndsAt, string Source, string? AlertName, string Labels,
        string Annotations, string? GeneratorUrl, string FindingId, string? IncidentId)
    {
        public StoredAlert ToAlert() => new(
            Fingerprint, Columns.Utc(StartsAt), Status, EndsAt is { } ends ? Columns.Utc(ends) : null, Source, AlertName,
            Columns.FromJson<Dictionary<string, string>>(Labels), Columns.FromJson<Dictionary<string, string>>(Annotations),
            GeneratorUrl, FindingId, IncidentId);
    }
}
