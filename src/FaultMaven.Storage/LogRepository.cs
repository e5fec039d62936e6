using FaultMaven.Contracts;
using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>A stored log event and its row id.</summary>
public sealed record StoredLog(long Id, LogEvent Event);

/// <summary>Filters for <see cref="LogRepository.QueryAsync"/>; the time range bounds <see cref="LogEvent.Timestamp"/>.</summary>
public sealed record LogQuery : PagedQuery
{
    public string? Source { get; init; }

    public Severity? MinimumLevel { get; init; }
}

/// <summary>Stores log events with their message and attributes sealed; what queries filter on stays in clear.</summary>
public sealed class LogRepository(NpgsqlDataSource dataSource, FieldCipher cipher)
{
    // Template counts grow only by the rows this statement really inserted, so a replay leaves them exact.
    private const string InsertSql = """
        WITH inserted AS (
            INSERT INTO logs (ts, source, service, host, level, message, attributes, raw_topic, raw_partition, raw_offset, raw_index, template_id, template)
            SELECT * FROM unnest(@ts, @source, @service, @host, @level, @message, @attributes, @rawTopic, @rawPartition, @rawOffset, @rawIndex, @templateId, @template)
            ON CONFLICT (raw_topic, raw_partition, raw_offset, raw_index) DO NOTHING
            RETURNING ts, source, template_id, template
        ), templates AS (
            INSERT INTO log_templates (source, id, template, first_seen, last_seen, count)
            SELECT source, template_id, (array_agg(template ORDER BY ts DESC))[1], min(ts), max(ts), count(*)
            FROM inserted WHERE template_id IS NOT NULL
            GROUP BY source, template_id
            ON CONFLICT (source, id) DO UPDATE SET
                template = EXCLUDED.template,
                first_seen = LEAST(log_templates.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(log_templates.last_seen, EXCLUDED.last_seen),
                count = log_templates.count + EXCLUDED.count
        )
        SELECT count(*)::int FROM inserted
        """;

    private const string SelectSql = """
        SELECT id AS Id, ts AS Ts, source AS Source, service AS Service, host AS Host, level AS Level, message AS Message,
               attributes AS Attributes, raw_topic AS RawTopic, raw_partition AS RawPartition, raw_offset AS RawOffset, raw_index AS RawIndex,
               template_id AS TemplateId, template AS Template
        FROM logs
        """;

    /// <summary>Inserts the events whose raw position is not stored yet, in one statement.</summary>
    /// <returns>How many rows were inserted: fewer than given when some were already there (a replay).</returns>
    public async Task<int> InsertAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var columns = new
        {
            ts = events.Select(e => e.Timestamp.ToUniversalTime()).ToArray(),
            source = events.Select(e => e.Source).ToArray(),
            service = events.Select(e => e.Service).ToArray(),
            host = events.Select(e => e.Host).ToArray(),
            level = events.Select(e => Columns.SeverityName(e.Level)).ToArray(),
            message = events.Select(e => cipher.SealText(e.Message, Context("message", e.Raw))).ToArray(),
            attributes = events.Select(e => cipher.SealText(Columns.ToJson(e.Attributes), Context("attributes", e.Raw))).ToArray(),
            templateId = events.Select(e => e.TemplateId).ToArray(),
            template = events.Select(e => e.Template).ToArray(),
        };
        return (await dataSource.QueryAsync<int>(InsertSql, Columns.WithRawOffsetArrays(columns, events.Select(e => e.Raw)), cancellationToken))[0];
    }

    /// <summary>Events matching the query, newest first.</summary>
    public Task<Page<StoredLog>> QueryAsync(LogQuery query, CancellationToken cancellationToken = default) =>
        new KeysetQuery<long>("ts", "id")
            .WhereEqual("source", query.Source)
            .WhereSeverityAtLeast("level", query.MinimumLevel)
            .ReadPageAsync(
                dataSource, SelectSql, query, (LogRow row) => row.ToStoredLog(cipher),
                log => (log.Event.Timestamp, log.Id), cancellationToken);

    /// <summary>The stored events at the given raw positions (a finding's evidence), oldest first; positions not stored are skipped.</summary>
    public async Task<IReadOnlyList<LogEvent>> FindByRawAsync(IReadOnlyCollection<RawOffset> positions, CancellationToken cancellationToken = default)
    {
        if (positions.Count == 0)
        {
            return [];
        }

        var rows = await dataSource.QueryAsync<LogRow>(
            $"""
            {SelectSql}
            WHERE (raw_topic, raw_partition, raw_offset, raw_index) IN (SELECT * FROM unnest(@rawTopic, @rawPartition, @rawOffset, @rawIndex))
            ORDER BY ts, id
            """,
            Columns.WithRawOffsetArrays(new { }, positions),
            cancellationToken);
        return rows.Select(row => row.ToStoredLog(cipher).Event).ToList();
    }

    /// <summary>The newest <paramref name="limit"/> events that carry a template, oldest first: the history a model is trained on.</summary>
    public async Task<IReadOnlyList<LogEvent>> RecentTemplatedAsync(int limit, CancellationToken cancellationToken = default)
    {
        var rows = await dataSource.QueryAsync<LogRow>(
            $"""
            SELECT * FROM ({SelectSql} WHERE template_id IS NOT NULL ORDER BY ts DESC, id DESC LIMIT @limit) AS recent
            ORDER BY Ts, Id
            """,
            new { limit },
            cancellationToken);
        return rows.Select(row => row.ToStoredLog(cipher).Event).ToList();
    }

    private static byte[] Context(string column, RawOffset raw) => SealedTable.Logs.Context(column, SealedTable.RawIdentity(raw));

    private sealed record LogRow(
        long Id, DateTime Ts, string Source, string? Service, string? Host, string Level, byte[] Message,
        byte[] Attributes, string RawTopic, int RawPartition, long RawOffset, int RawIndex, int? TemplateId, string? Template)
    {
        public StoredLog ToStoredLog(FieldCipher cipher)
        {
            var raw = new RawOffset(RawTopic, RawPartition, RawOffset, RawIndex);
            return new StoredLog(
                Id,
                new LogEvent(
                    Columns.Utc(Ts), Source, Service, Host, Columns.ParseSeverity(Level), cipher.OpenText(Message, Context("message", raw)),
                    Columns.FromJson<Dictionary<string, string>>(cipher.OpenText(Attributes, Context("attributes", raw))),
                    raw,
                    TemplateId,
                    Template));
        }
    }
}
