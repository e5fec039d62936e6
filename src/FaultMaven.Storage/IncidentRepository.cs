using Dapper;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>An incident as stored, with how many findings it groups.</summary>
public sealed record StoredIncident(
    string Id,
    string Title,
    string Status,
    Severity Severity,
    string? Source,
    string? Service,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset? ResolvedAt,
    string? Resolution,
    int FindingCount);

public sealed record IncidentQuery : PagedQuery
{
    public string? Status { get; init; }

    public string? Source { get; init; }

    /// <summary>The caller's sources; incidents of hidden ones are left out.</summary>
    public SourceScope Scope { get; init; } = SourceScope.Everything;
}

/// <summary>Incidents, with their resolution (free text people write) sealed; titles come from masked templates.</summary>
/// <param name="metrics">Counts the findings attached and incidents opened; none when constructed without it (tests, tools).</param>
public sealed class IncidentRepository(NpgsqlDataSource dataSource, IncidentGrouping grouping, FieldCipher cipher, IncidentMetrics? metrics = null)
{
    // Only one writer groups at a time, so two sinks cannot open two incidents for one problem.
    private const long GroupingLock = 0x46_4D_49_4E_43; // "FMINC"

    /// <summary>Which findings may open an incident unless a caller says otherwise: grouping's, from <c>FaultMaven:Incidents</c>.</summary>
    public IncidentOpening Opening => grouping.Opening;

    /// <summary>
    /// Attaches each finding not yet in an incident to the right open incident, opening one when
    /// <see cref="Opening"/> lets the finding, and titles every incident the findings are in after its
    /// most significant finding (<see cref="IncidentGrouping.Headline"/>). A finding that joins none and may not open
    /// one stays in no incident; a later call with it (a replay, a grown version) tries again.
    /// </summary>
    /// <returns>How many findings were attached.</returns>
    public Task<int> AttachAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default) =>
        AttachAsync(findings, grouping.Opening, cancellationToken);

    /// <summary>As <see cref="AttachAsync(IReadOnlyList{Finding}, CancellationToken)"/>, with <paramref name="opening"/> deciding which findings may open an incident.</summary>
    /// <returns>How many findings were attached.</returns>
    public async Task<int> AttachAsync(IReadOnlyList<Finding> findings, IncidentOpening opening, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@GroupingLock)", new { GroupingLock }, transaction);

        var unattached = (await connection.QueryAsync<string>(
            "SELECT id FROM findings WHERE id = ANY(@ids) AND incident_id IS NULL",
            new { ids = findings.Select(f => f.Id).Distinct().ToArray() },
            transaction)).ToHashSet();
        var open = (await connection.QueryAsync<(string Id, string Source, DateTime LastActivity)>(
            "SELECT id, source, last_activity_at FROM incidents WHERE status = 'open' AND source = ANY(@sources)",
            new { sources = findings.Select(f => f.Source).Distinct().ToArray() },
            transaction)).Select(row => new OpenIncident(row.Id, row.Source, Columns.Utc(row.LastActivity))).ToList();

        List<string> attachedKinds = [];
        List<string> openedKinds = [];
        foreach (var finding in findings.Where(f => unattached.Remove(f.Id)).OrderBy(f => f.WindowStart))
        {
            if (grouping.Assign(finding, open, opening) is not { } assignment)
            {
                continue;
            }

            if (assignment.IsNew)
            {
                var inserted = await connection.ExecuteAsync(
                    """
                    INSERT INTO incidents (id, title, title_finding_id, status, severity, source, service, opened_at, last_activity_at)
                    VALUES (@id, @title, @finding, 'open', @severity, @source, @service, @at, @at)
                    ON CONFLICT (id) DO NOTHING
                    """,
                    new { id = assignment.IncidentId, title = IncidentGrouping.TitleOf(finding), finding = finding.Id, severity = Columns.SeverityName(finding.Severity), source = finding.Source, service = finding.Service, at = finding.WindowStart },
                    transaction);
                if (inserted > 0)
                {
                    openedKinds.Add(finding.Kind);
                }

                open.Add(new OpenIncident(assignment.IncidentId, finding.Source, finding.WindowStart));
            }

            await connection.ExecuteAsync(
                """
                UPDATE findings SET incident_id = @incident WHERE id = @finding;
                UPDATE incidents SET
                    finding_count = finding_count + 1,
                    last_activity_at = GREATEST(last_activity_at, @at),
                    severity = CASE WHEN array_position(@order, @severity) > array_position(@order, severity) THEN @severity ELSE severity END
                WHERE id = @incident;
                """,
                new { incident = assignment.IncidentId, finding = finding.Id, at = finding.WindowEnd, severity = Columns.SeverityName(finding.Severity), order = SeverityOrder },
                transaction);
            open = open.Select(i => i.Id == assignment.IncidentId ? i with { LastActivity = Max(i.LastActivity, finding.WindowEnd) } : i).ToList();
            attachedKinds.Add(finding.Kind);
        }

        await RetitleAsync(connection, transaction, findings, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics?.FindingsOpened(attachedKinds);
        foreach (var kind in openedKinds)
        {
            metrics?.IncidentOpened(kind);
        }

        return attachedKinds.Count;
    }

    /// <summary>The incident, or null when there is none or its source is hidden from <paramref name="scope"/>.</summary>
    public async Task<StoredIncident?> GetAsync(string id, CancellationToken cancellationToken = default, SourceScope? scope = null)
    {
        var (where, parameters) = (scope ?? SourceScope.Everything).Where("id = @id", new { id });
        var rows = await dataSource.QueryAsync<IncidentRow>($"{SelectSql} {where}", parameters, cancellationToken);
        return rows.Count == 0 ? null : rows[0].ToIncident(cipher);
    }

    /// <summary>Which of <paramref name="ids"/> name incidents the <paramref name="scope"/> allows.</summary>
    public async Task<IReadOnlySet<string>> VisibleAsync(IReadOnlyCollection<string> ids, SourceScope scope, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = scope.Where("id = ANY(@ids)", new { ids = ids.ToArray() });
        return (await dataSource.QueryAsync<string>($"SELECT id FROM incidents {where}", parameters, cancellationToken)).ToHashSet();
    }

    public Task<Page<StoredIncident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default) =>
        new KeysetQuery<string>("last_activity_at", "id")
            .WhereEqual("status", query.Status)
            .WhereEqual("source", query.Source)
            .WhereVisible("source", query.Scope)
            .ReadPageAsync(dataSource, SelectSql, query, (IncidentRow row) => row.ToIncident(cipher), incident => (incident.LastActivityAt, incident.Id), cancellationToken);

    /// <summary>Resolves an open incident; false when there is no such open incident that <paramref name="scope"/> allows.</summary>
    /// <param name="resolution">Stored sealed; the caller masks and bounds it first.</param>
    public async Task<bool> ResolveAsync(string id, string resolution, DateTimeOffset at, CancellationToken cancellationToken = default, SourceScope? scope = null)
    {
        var (where, parameters) = (scope ?? SourceScope.Everything).Where(
            "id = @id AND status = 'open'", new { id, resolution = cipher.SealText(resolution, ResolutionContext(id)), at });
        return await dataSource.ExecuteAsync(
            $"UPDATE incidents SET status = 'resolved', resolved_at = @at, resolution = @resolution {where}", parameters, cancellationToken) == 1;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> incidents whose embedding is missing or older than their status, or older than their
    /// findings and made before <paramref name="refreshBefore"/>; least recently active first. A new or resolved incident is
    /// listed at once; one that only gained findings waits until its embedding is older than the caller's refresh interval.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListUnindexedAsync(int limit, DateTimeOffset refreshBefore, CancellationToken cancellationToken = default) =>
        await dataSource.QueryAsync<string>(
            """
            SELECT id FROM incidents
            WHERE indexed_status IS DISTINCT FROM status
               OR (indexed_finding_count IS DISTINCT FROM finding_count AND (indexed_at IS NULL OR indexed_at < @refreshBefore))
            ORDER BY last_activity_at, id
            LIMIT @limit
            """,
            new { limit, refreshBefore = refreshBefore.UtcDateTime },
            cancellationToken);

    /// <summary>Records what the incident's embedding was made from (the status and finding count read before embedding it) and when.</summary>
    public async Task MarkIndexedAsync(StoredIncident indexed, DateTimeOffset indexedAt, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(
            "UPDATE incidents SET indexed_status = @Status, indexed_finding_count = @FindingCount, indexed_at = @indexedAt WHERE id = @Id",
            new { indexed.Id, indexed.Status, indexed.FindingCount, indexedAt = indexedAt.UtcDateTime },
            cancellationToken);

    /// <summary>
    /// Attaches the findings not yet in any incident to <paramref name="incidentId"/>, whatever grouping would pick: what
    /// an analysis run for that incident found (an alert's window) belongs to it.
    /// </summary>
    /// <returns>How many findings were attached.</returns>
    public async Task<int> AttachToAsync(string incidentId, IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default)
    {
        if (findings.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Grouping's lock too: retitling locks the rows of every incident the findings are in, in an order grouping's
        // writers do not share, so two such writers at once could deadlock.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@GroupingLock)", new { GroupingLock }, transaction);
        var kinds = (await connection.QueryAsync<string>(
            """
            WITH attached AS (
                UPDATE findings SET incident_id = @incident WHERE id = ANY(@ids) AND incident_id IS NULL RETURNING kind, window_end, severity
            ), counted AS (
                UPDATE incidents SET
                    finding_count = finding_count + (SELECT count(*) FROM attached),
                    last_activity_at = GREATEST(last_activity_at, (SELECT max(window_end) FROM attached)),
                    severity = (SELECT s FROM unnest(array_append(ARRAY(SELECT severity FROM attached), incidents.severity)) AS s
                                ORDER BY array_position(@order, s) DESC LIMIT 1)
                WHERE id = @incident AND EXISTS (SELECT 1 FROM attached)
            )
            SELECT kind FROM attached
            """,
            new { incident = incidentId, ids = findings.Select(f => f.Id).Distinct().ToArray(), order = SeverityOrder },
            transaction)).ToList();
        await RetitleAsync(connection, transaction, findings, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics?.FindingsOpened(kinds);
        return kinds.Count;
    }

    /// <summary>
    /// Titles each incident that findings of <paramref name="batch"/> are in after the more significant of its stored
    /// headline and the batch's best finding of it, so an error burst that joins an incident a warning opened retitles it.
    /// The incidents' rows stay locked until the transaction ends, so two writers cannot put back a lesser headline.
    /// </summary>
    private static async Task RetitleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Finding> batch, CancellationToken cancellationToken)
    {
        var incidentOf = (await connection.QueryAsync<(string Id, string IncidentId)>(
            new CommandDefinition(
                "SELECT id, incident_id FROM findings WHERE id = ANY(@ids) AND incident_id IS NOT NULL",
                new { ids = batch.Select(f => f.Id).Distinct().ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(row => row.Id, row => row.IncidentId, StringComparer.Ordinal);
        var best = batch.Where(finding => incidentOf.ContainsKey(finding.Id))
            .GroupBy(finding => incidentOf[finding.Id], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, IncidentGrouping.Headline, StringComparer.Ordinal);
        if (best.Count == 0)
        {
            return;
        }

        var stored = await connection.QueryAsync<HeadlineRow>(
            new CommandDefinition(
                """
                SELECT incidents.id AS IncidentId, findings.id AS FindingId, findings.severity AS Severity, findings.count AS Count, findings.window_start AS WindowStart
                FROM incidents LEFT JOIN findings ON findings.id = incidents.title_finding_id
                WHERE incidents.id = ANY(@incidents)
                ORDER BY incidents.id
                FOR UPDATE OF incidents
                """,
                new { incidents = best.Keys.ToArray() }, transaction, cancellationToken: cancellationToken));
        foreach (var headline in stored)
        {
            var candidate = best[headline.IncidentId];
            if (headline.Significance is { } current && candidate.Id != current.Id && !(Significance.Of(candidate) > current))
            {
                continue;
            }

            await connection.ExecuteAsync(
                new CommandDefinition(
                    """
                    UPDATE incidents SET title = @title, title_finding_id = @finding
                    WHERE id = @incident AND (title IS DISTINCT FROM @title OR title_finding_id IS DISTINCT FROM @finding)
                    """,
                    new { incident = headline.IncidentId, title = IncidentGrouping.TitleOf(candidate), finding = candidate.Id }, transaction, cancellationToken: cancellationToken));
        }
    }

    private const string SelectSql =
        "SELECT id, title, status, severity, source, service, opened_at AS OpenedAt, last_activity_at AS LastActivityAt, resolved_at AS ResolvedAt, resolution, finding_count AS FindingCount FROM incidents";

    private static readonly string[] SeverityOrder = Enum.GetValues<Severity>().Select(Columns.SeverityName).ToArray();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static byte[] ResolutionContext(string id) => SealedTable.Incidents.Context("resolution", id);

    /// <summary>An incident and the finding its title describes, when that finding is still stored.</summary>
    private sealed record HeadlineRow(string IncidentId, string? FindingId, string? Severity, long? Count, DateTime? WindowStart)
    {
        public Significance? Significance => FindingId is null
            ? null
            : new Significance(Columns.ParseSeverity(Severity!), Count!.Value, Columns.Utc(WindowStart!.Value), FindingId);
    }

    private sealed record IncidentRow(string Id, string Title, string Status, string Severity, string? Source, string? Service, DateTime OpenedAt, DateTime? LastActivityAt, DateTime? ResolvedAt, byte[]? Resolution, int FindingCount)
    {
        public StoredIncident ToIncident(FieldCipher cipher) => new(
            Id, Title, Status, Columns.ParseSeverity(Severity), Source, Service, Columns.Utc(OpenedAt), Columns.Utc(LastActivityAt ?? OpenedAt),
            ResolvedAt is { } resolved ? Columns.Utc(resolved) : null, Resolution is null ? null : cipher.OpenText(Resolution, ResolutionContext(Id)), FindingCount);
    }
}
