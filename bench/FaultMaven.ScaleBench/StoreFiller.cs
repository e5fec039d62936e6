using System.Diagnostics;
using FaultMaven.Contracts;
using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Storage;
using FaultMaven.Storage.Encryption;
using Npgsql;
using NpgsqlTypes;

namespace FaultMaven.ScaleBench;

/// <summary>What one fill step added and how fast.</summary>
public sealed record FillResult(string What, long Rows, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}

/// <summary>
/// Grows the store to a size, from where the previous step left it. Logs go through <see cref="LogRepository.BulkLoadAsync"/>
/// (rows sealed as the sink seals them, one binary COPY per million, template counts), findings through
/// <see cref="FindingRepository.UpsertAsync"/> (sealed examples and evidence). Incidents and their embeddings have no
/// bulk write path in the product (the worker groups findings and embeds one incident at a time), so they go in by
/// binary COPY with the columns the worker would set, resolutions and embedded texts sealed with the product's
/// <see cref="FieldCipher"/> under its contexts, the embeddings from <see cref="IncidentVectors"/>.
/// </summary>
public sealed class StoreFiller(NpgsqlDataSource database, LogRepository logs, FindingRepository findings, FieldCipher cipher, IncidentVectors vectors, DateTimeOffset end)
{
    // Rows per transaction of the log fill: one COPY each, so progress shows and a failure loses one load, not the step.
    private const int LogLoad = 1_000_000;
    private const int FindingBatch = 1_000;
    private readonly Random random = new(16);
    private readonly long fingerprint = 0x5CA1E16;
    private long logRows;
    private long findingRows;
    private int incidentRows;

    public long LogRows => logRows;

    public int IncidentRows => incidentRows;

    /// <summary>
    /// Adds log rows until there are <paramref name="target"/>: timestamps uniform over the 30 days before <c>end</c>
    /// (stratified: the added rows come oldest first, as a live fleet's arrive), 500 sources, through
    /// <see cref="LogRepository.BulkLoadAsync"/> one transaction of <see cref="LogLoad"/> rows at a time.
    /// </summary>
    public async Task<FillResult> LogsAsync(long target, Action<string> log)
    {
        var timer = Stopwatch.StartNew();
        var first = logRows;
        var added = target - first;
        while (logRows < target)
        {
            var count = Math.Min(LogLoad, target - logRows);
            logRows += await logs.BulkLoadAsync(Events(logRows - first, count, added));
            log($"  logs: {logRows:N0} of {target:N0} ({(logRows - first) / timer.Elapsed.TotalSeconds:N0} rows/s)");
        }

        return new FillResult("log rows (LogRepository.BulkLoadAsync: seal + binary COPY)", added, timer.Elapsed);
    }

    // The rows from..from+count of a step adding `added` rows: row i's time is drawn within the i-th of `added` equal
    // slices of the 30 days, so the step's rows are uniform over them and in time order.
    private IEnumerable<LogEvent> Events(long from, long count, long added)
    {
        var start = end - ScaleData.Span;
        for (var i = from; i < from + count; i++)
        {
            var source = random.Next(ScaleData.Sources);
            var (level, templateId, template, message) = ScaleData.Message(random);
            yield return new LogEvent(
                start + ScaleData.Span * ((i + random.NextDouble()) / added), ScaleData.SourceName(source), ScaleData.ServiceOf(source), ScaleData.HostOf(source),
                level, message, new Dictionary<string, string> { ["pod"] = $"{ScaleData.ServiceOf(source)}-{random.Next(8)}", ["region"] = "eu-west-1" },
                new RawOffset("logs.raw", source % 8, logRows + (i - from), 0, fingerprint), templateId, template);
        }
    }

    /// <summary>Adds findings until there are <paramref name="target"/>, windows spread over the 30 days.</summary>
    public async Task<FillResult> FindingsAsync(long target)
    {
        var timer = Stopwatch.StartNew();
        var added = 0L;
        while (findingRows < target)
        {
            var count = (int)Math.Min(FindingBatch, target - findingRows);
            var batch = Enumerable.Range(0, count).Select(i =>
            {
                var source = random.Next(ScaleData.Sources);
                var windowEnd = end - ScaleData.Span * random.NextDouble();
                var (level, _, template, message) = ScaleData.Message(random);
                return new Finding(
                    $"finding-{findingRows + i:D8}", random.Next(3) switch { 0 => "error-burst", 1 => "new-template", _ => "rate-anomaly" },
                    level < Severity.Warn ? Severity.Warn : level, ScaleData.SourceName(source), ScaleData.ServiceOf(source),
                    windowEnd.AddMinutes(-5), windowEnd, $"{template} on {ScaleData.SourceName(source)}", random.Next(1, 5000), random.NextDouble() * 10,
                    random.NextDouble() * 10, "scalebench", [template], [message],
                    [new RawOffset("logs.raw", source % 8, random.NextInt64(Math.Max(1, logRows)), 0, fingerprint)]);
            }).ToList();
            await findings.UpsertAsync(batch);
            findingRows += count;
            added += count;
        }

        return new FillResult("findings (FindingRepository.UpsertAsync)", added, timer.Elapsed);
    }

    /// <summary>Adds incidents and their embeddings until there are <paramref name="target"/>: 30 % open, the rest resolved with a resolution.</summary>
    public async Task<FillResult> IncidentsAsync(int target, string model)
    {
        var timer = Stopwatch.StartNew();
        var first = incidentRows;
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = Enumerable.Range(first, target - first).Select(n =>
        {
            var (title, text, service) = ScaleData.IncidentText(vectors.BaseOf(n));
            var open = n % 10 < 3;
            var opened = end - ScaleData.Span * random.NextDouble();
            var activity = Min(opened.AddMinutes(random.Next(5, 600)), end);
            var resolution = open ? null : ScaleData.Resolution(n);
            return (Id: $"inc-{n:D7}", Title: title, Text: open ? text : $"{text}\nResolution: {resolution}", Service: service, Open: open,
                Opened: opened, Activity: activity, Resolution: resolution, Findings: random.Next(1, 20), Source: ScaleData.SourceName(n % ScaleData.Sources));
        }).ToList();

        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY incidents (id, title, status, severity, service, opened_at, resolved_at, resolution, summary, source, last_activity_at, finding_count, indexed_status, indexed_finding_count) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                var status = row.Open ? "open" : "resolved";
                await importer.StartRowAsync();
                await importer.WriteAsync(row.Id, NpgsqlDbType.Text);
                await importer.WriteAsync(row.Title, NpgsqlDbType.Text);
                await importer.WriteAsync(status, NpgsqlDbType.Text);
                await importer.WriteAsync(row.Open ? "error" : "warn", NpgsqlDbType.Text);
                await importer.WriteAsync(row.Service, NpgsqlDbType.Text);
                await importer.WriteAsync(row.Opened.UtcDateTime, NpgsqlDbType.TimestampTz);
                if (row.Open)
                {
                    await importer.WriteNullAsync();
                }
                else
                {
                    await importer.WriteAsync(row.Activity.UtcDateTime, NpgsqlDbType.TimestampTz);
                }

                await WriteSealed(importer, row.Resolution, SealedTable.Incidents.Context("resolution", row.Id));
                await importer.WriteAsync(row.Text, NpgsqlDbType.Text);
                await importer.WriteAsync(row.Source, NpgsqlDbType.Text);
                await importer.WriteAsync(row.Activity.UtcDateTime, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(row.Findings, NpgsqlDbType.Integer);
                await importer.WriteAsync(status, NpgsqlDbType.Text);
                await importer.WriteAsync(row.Findings, NpgsqlDbType.Integer);
            }

            await importer.CompleteAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY incident_embeddings (incident_id, model, dimensions, embedding, embedded_text, title, resolution, service, team, status, embedded_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (row, n) in rows.Select((row, i) => (row, first + i)))
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(row.Id, NpgsqlDbType.Text);
                await importer.WriteAsync(model, NpgsqlDbType.Text);
                await importer.WriteAsync(MiniLmEmbeddingGenerator.Dimensions, NpgsqlDbType.Integer);
                await importer.WriteAsync(vectors.Vector(n), NpgsqlDbType.Array | NpgsqlDbType.Real);
                await WriteSealed(importer, row.Text, SealedTable.IncidentEmbeddings.Context("embedded_text", row.Id));
                await importer.WriteAsync(row.Title, NpgsqlDbType.Text);
                await WriteSealed(importer, row.Resolution, SealedTable.IncidentEmbeddings.Context("resolution", row.Id));
                await importer.WriteAsync(row.Service, NpgsqlDbType.Text);
                await importer.WriteNullAsync();
                await importer.WriteAsync(row.Open ? "open" : "resolved", NpgsqlDbType.Text);
                await importer.WriteAsync(row.Activity.UtcDateTime, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
        incidentRows = target;
        return new FillResult("incidents + embeddings (binary COPY)", target - first, timer.Elapsed);
    }

    /// <summary>ANALYZE, as autovacuum would after a bulk load, so that plans reflect the new size.</summary>
    public async Task AnalyzeAsync()
    {
        await using var command = database.CreateCommand("VACUUM ANALYZE logs, findings, incidents, incident_embeddings");
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    // Sealed as IncidentRepository and IncidentEmbeddingRepository seal them (migration 0170), under the same context.
    private Task WriteSealed(NpgsqlBinaryImporter importer, string? value, byte[] context) =>
        value is null ? importer.WriteNullAsync() : importer.WriteAsync(cipher.SealText(value, context), NpgsqlDbType.Bytea);
}
