using System.Runtime.InteropServices;
using FaultMaven.Contracts;
using FaultMaven.Storage.Encryption;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace FaultMaven.Storage;

/// <summary>A stored log event and its row id.</summary>
public sealed record StoredLog(long Id, LogEvent Event);

/// <summary>Filters for <see cref="LogRepository.QueryAsync"/>; the time range bounds <see cref="LogEvent.Timestamp"/>.</summary>
public sealed record LogQuery : PagedQuery
{
    public string? Source { get; init; }

    /// <summary>The caller's sources; rows of hidden ones are left out.</summary>
    public SourceScope Scope { get; init; } = SourceScope.Everything;

    public Severity? MinimumLevel { get; init; }
}

/// <summary>Stores log events with their message and attributes sealed; what queries filter on stays in clear.</summary>
public sealed class LogRepository(NpgsqlDataSource dataSource, FieldCipher cipher)
{
    // What a row's associated data takes at most on the stack: "logs.attributes", a topic name (at most 249 characters
    // in Kafka) and three numbers fit.
    private const int StackContextBytes = 384;

    private const string CopyColumns = "ts, source, service, host, level, message, attributes, raw_topic, raw_partition, raw_offset, raw_index, raw_fingerprint, template_id, template";

    // A replay: the staged batch goes in except the rows already stored, and says which rows were new so that
    // template counts grow only by those.
    private const string MergeSql = $"""
        INSERT INTO logs ({CopyColumns})
        SELECT {CopyColumns} FROM logs_staging
        ON CONFLICT (raw_topic, raw_partition, raw_offset, raw_index, raw_fingerprint) DO NOTHING
        RETURNING ts AS Timestamp, source AS Source, template_id AS TemplateId, template AS Template
        """;

    private const string UpsertTemplatesSql = """
        INSERT INTO log_templates (source, id, template, first_seen, last_seen, count)
        SELECT * FROM unnest(@source, @id, @template, @firstSeen, @lastSeen, @count)
        ON CONFLICT (source, id) DO UPDATE SET
            template = CASE WHEN EXCLUDED.last_seen >= log_templates.last_seen THEN EXCLUDED.template ELSE log_templates.template END,
            first_seen = LEAST(log_templates.first_seen, EXCLUDED.first_seen),
            last_seen = GREATEST(log_templates.last_seen, EXCLUDED.last_seen),
            count = log_templates.count + EXCLUDED.count
        """;

    private const string SelectSql = """
        SELECT id AS Id, ts AS Ts, source AS Source, service AS Service, host AS Host, level AS Level, message AS Message,
               attributes AS Attributes, raw_topic AS RawTopic, raw_partition AS RawPartition, raw_offset AS RawOffset, raw_index AS RawIndex, raw_fingerprint AS RawFingerprint,
               template_id AS TemplateId, template AS Template
        FROM logs
        """;

    /// <summary>
    /// Stores the events whose raw position is not stored yet, and adds them to their templates' counts, in one
    /// transaction. The batch goes in by binary <c>COPY</c> (PostgreSQL's fastest way in); when a row is already there
    /// (a replay after a crash), the batch is staged by <c>COPY</c> into a temporary table and merged without it.
    /// </summary>
    /// <returns>How many rows were inserted: fewer than given when some were already there (a replay).</returns>
    /// <exception cref="PostgresException">A value PostgreSQL rejects (e.g. a NUL in a text column); nothing of the batch is stored.</exception>
    public async Task<int> InsertAsync(IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var rows = events.Select(Seal).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                await CopyAsync(connection, "logs", rows, cancellationToken);
                await UpsertTemplatesAsync(connection, TemplateTally.Of(events), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return rows.Length;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await transaction.RollbackAsync(cancellationToken);
            }
        }

        await using var merge = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync($"CREATE TEMP TABLE logs_staging ON COMMIT DROP AS SELECT {CopyColumns} FROM logs WITH NO DATA", transaction: merge);
        await CopyAsync(connection, "logs_staging", rows, cancellationToken);
        var inserted = (await connection.QueryAsync<TemplateUse>(new CommandDefinition(MergeSql, transaction: merge, cancellationToken: cancellationToken))).ToList();
        await UpsertTemplatesAsync(connection, TemplateTally.Of(inserted), cancellationToken);
        await merge.CommitAsync(cancellationToken);
        return inserted.Count;
    }

    /// <summary>
    /// Loads many events in one transaction: one binary <c>COPY</c> of the rows, sealed as <see cref="InsertAsync"/> seals
    /// them, streamed as <paramref name="events"/> yields them (nothing but the template counts is held in memory), then
    /// the template counts. For filling a store in bulk (the scale bench): there is no replay merge, so an event whose raw
    /// position is already stored fails the whole load.
    /// </summary>
    /// <returns>How many rows were stored.</returns>
    /// <exception cref="PostgresException">A raw position already stored (unique violation), or a value PostgreSQL rejects; nothing of the load is stored.</exception>
    public async Task<long> BulkLoadAsync(IEnumerable<LogEvent> events, CancellationToken cancellationToken = default)
    {
        var templates = new TemplateTally();
        var rows = events.Select(logEvent =>
        {
            templates.Add(TemplateUse.Of(logEvent));
            return Seal(logEvent);
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await CopyAsync(connection, "logs", rows, cancellationToken);
        await UpsertTemplatesAsync(connection, templates, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Events matching the query, newest first.</summary>
    public Task<Page<StoredLog>> QueryAsync(LogQuery query, CancellationToken cancellationToken = default) =>
        new KeysetQuery<long>("ts", "id")
            .WhereEqual("source", query.Source)
            .WhereVisible("source", query.Scope)
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
            WHERE (raw_topic, raw_partition, raw_offset, raw_index, raw_fingerprint) IN (SELECT * FROM unnest(@rawTopic, @rawPartition, @rawOffset, @rawIndex, @rawFingerprint))
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

    private static byte[] Context(string column, RawOffset raw) => SealedTable.Logs.Context(column, raw);

    /// <summary>
    /// Seals the row's message and attributes, bound to its raw position. Once per stored line, so the associated data
    /// is written on the stack (the same bytes as <see cref="Context"/>) and the attributes are serialized to UTF-8
    /// directly (the same bytes as encoding <see cref="Columns.ToJson{T}"/>'s text).
    /// </summary>
    private SealedRow Seal(LogEvent logEvent)
    {
        Span<byte> buffer = stackalloc byte[StackContextBytes];
        var message = cipher.SealText(logEvent.Message, RowContext("message", logEvent.Raw, buffer));
        var attributes = cipher.Seal(
            logEvent.Attributes.Count == 0 ? "{}"u8 : Columns.ToUtf8Json(logEvent.Attributes),
            RowContext("attributes", logEvent.Raw, buffer));
        return new SealedRow(logEvent, message, attributes);
    }

    private static ReadOnlySpan<byte> RowContext(string column, RawOffset raw, Span<byte> buffer) =>
        SealedTable.Logs.TryWriteContext(column, raw, buffer, out var written) ? buffer[..written] : Context(column, raw);

    private static async Task<long> CopyAsync(NpgsqlConnection connection, string table, IEnumerable<SealedRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({CopyColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // Row values go through the synchronous writer: fourteen awaited calls per row cost more than the rare blocking
        // flush of a full buffer, and this is how the load driver's COPY ceiling writes the same rows.
        foreach (var (logEvent, message, attributes) in rows)
        {
            importer.StartRow();
            importer.Write(logEvent.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz);
            importer.Write(logEvent.Source, NpgsqlDbType.Text);
            WriteNullable(importer, logEvent.Service, NpgsqlDbType.Text);
            WriteNullable(importer, logEvent.Host, NpgsqlDbType.Text);
            importer.Write(Columns.SeverityName(logEvent.Level), NpgsqlDbType.Text);
            importer.Write(message, NpgsqlDbType.Bytea);
            importer.Write(attributes, NpgsqlDbType.Bytea);
            importer.Write(logEvent.Raw.Topic, NpgsqlDbType.Text);
            importer.Write(logEvent.Raw.Partition, NpgsqlDbType.Integer);
            importer.Write(logEvent.Raw.Offset, NpgsqlDbType.Bigint);
            importer.Write(logEvent.Raw.Index, NpgsqlDbType.Integer);
            importer.Write(logEvent.Raw.Fingerprint, NpgsqlDbType.Bigint);
            WriteNullable(importer, logEvent.TemplateId, NpgsqlDbType.Integer);
            WriteNullable(importer, logEvent.Template, NpgsqlDbType.Text);
        }

        return (long)await importer.CompleteAsync(cancellationToken);
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, type);
        }
    }

    /// <summary>Adds stored rows to their templates: per source and template, the latest text, first and last seen, and the count.</summary>
    private static async Task UpsertTemplatesAsync(NpgsqlConnection connection, TemplateTally tally, CancellationToken cancellationToken)
    {
        var templates = tally.InLockOrder();
        if (templates.Length == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            UpsertTemplatesSql,
            new
            {
                source = templates.Select(t => t.Source).ToArray(),
                id = templates.Select(t => t.Id).ToArray(),
                template = templates.Select(t => t.LatestTemplate).ToArray(),
                firstSeen = templates.Select(t => t.FirstSeen).ToArray(),
                lastSeen = templates.Select(t => t.LastSeen).ToArray(),
                count = templates.Select(t => t.Count).ToArray(),
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>What stored rows add to each (source, template): a running tally, so that a bulk load need not keep its rows.</summary>
    private sealed class TemplateTally
    {
        private readonly Dictionary<(string Source, int Id), TemplateCount> counts = [];

        public static TemplateTally Of(IEnumerable<TemplateUse> uses)
        {
            var tally = new TemplateTally();
            foreach (var use in uses)
            {
                tally.Add(use);
            }

            return tally;
        }

        /// <summary>The tally of the rows of <paramref name="events"/>, each counted as <see cref="TemplateUse.Of"/> would have it.</summary>
        public static TemplateTally Of(IReadOnlyList<LogEvent> events)
        {
            var tally = new TemplateTally();
            foreach (var logEvent in events)
            {
                tally.Add(logEvent.Timestamp.UtcDateTime, logEvent.Source, logEvent.TemplateId, logEvent.Template);
            }

            return tally;
        }

        public void Add(TemplateUse use) => Add(use.Timestamp, use.Source, use.TemplateId, use.Template);

        // Once per stored row: the counts are values updated in place, nothing is allocated for a known template.
        private void Add(DateTime timestamp, string source, int? templateId, string? template)
        {
            if (templateId is not { } id)
            {
                return;
            }

            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, (source, id), out var known);
            count = !known
                ? new TemplateCount(source, id, template, timestamp, timestamp, 1)
                : timestamp > count.LastSeen
                    ? count with { LatestTemplate = template, LastSeen = timestamp, Count = count.Count + 1 }
                    : count with { FirstSeen = timestamp < count.FirstSeen ? timestamp : count.FirstSeen, Count = count.Count + 1 };
        }

        // One lock order for every writer: two batches written at the same time then wait for each other instead of deadlocking.
        public TemplateCount[] InLockOrder() =>
            counts.Values.OrderBy(t => t.Source, StringComparer.Ordinal).ThenBy(t => t.Id).ToArray();
    }

    /// <summary>A template's share of stored rows: the text of its latest row (first of equals), when that row and its earliest were stamped, how many.</summary>
    private readonly record struct TemplateCount(string Source, int Id, string? LatestTemplate, DateTime LastSeen, DateTime FirstSeen, long Count);

    private sealed record SealedRow(LogEvent Event, byte[] Message, byte[] Attributes);

    /// <summary>What a stored row adds to its template.</summary>
    private sealed record TemplateUse(DateTime Timestamp, string Source, int? TemplateId, string? Template)
    {
        public static TemplateUse Of(LogEvent logEvent) => new(logEvent.Timestamp.UtcDateTime, logEvent.Source, logEvent.TemplateId, logEvent.Template);
    }

    private sealed record LogRow(
        long Id, DateTime Ts, string Source, string? Service, string? Host, string Level, byte[] Message,
        byte[] Attributes, string RawTopic, int RawPartition, long RawOffset, int RawIndex, long RawFingerprint, int? TemplateId, string? Template)
    {
        public StoredLog ToStoredLog(FieldCipher cipher)
        {
            var raw = new RawOffset(RawTopic, RawPartition, RawOffset, RawIndex, RawFingerprint);
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
