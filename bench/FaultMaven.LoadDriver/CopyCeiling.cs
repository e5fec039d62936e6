using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace FaultMaven.LoadDriver;

/// <summary>PostgreSQL's own ingest rate for rows like the run's, into a plain table and into a copy of <c>logs</c> with its indexes.</summary>
public sealed record CopyResult(long Rows, double PlainRowsPerSecond, double IndexedRowsPerSecond);

/// <summary>
/// The ceiling the end-to-end rate is compared with, measured on the same server in the same run after the pipeline
/// has drained: a binary COPY of as many rows as lines were pushed, cycling through up to <see cref="SampleRows"/> of
/// the rows the pipeline stored (sealed message and attributes as they are), each given a distinct raw offset so the
/// unique key holds. (a) a table with the columns of <c>logs</c> and its identity but no index or constraint;
/// (b) <c>CREATE TABLE … (LIKE logs INCLUDING ALL)</c>, with every index of <c>logs</c>. The time includes encoding the
/// rows on the client, as a sink would.
/// </summary>
public static class CopyCeiling
{
    public const int SampleRows = 100_000;

    private const string Columns = "ts, source, service, host, level, message, attributes, raw_topic, raw_partition, raw_offset, raw_index, template_id, template";

    public static async Task<CopyResult?> MeasureAsync(NpgsqlDataSource database, long rows)
    {
        var sample = await SampleAsync(database);
        if (sample.Count == 0)
        {
            return null;
        }

        var plain = await CopyInto(database, "loaddriver_copy_plain", "INCLUDING IDENTITY INCLUDING DEFAULTS", sample, rows);
        var indexed = await CopyInto(database, "loaddriver_copy_indexed", "INCLUDING ALL", sample, rows);
        return new CopyResult(rows, rows / plain.TotalSeconds, rows / indexed.TotalSeconds);
    }

    private static async Task<TimeSpan> CopyInto(NpgsqlDataSource database, string table, string like, List<object?[]> sample, long rows)
    {
        await Execute(database, $"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (LIKE logs {like})");
        try
        {
            await using var connection = await database.OpenConnectionAsync();
            return await Task.Run(() => Copy(connection, table, sample, rows));
        }
        finally
        {
            await Execute(database, $"DROP TABLE IF EXISTS {table}");
        }
    }

    // Synchronous writes: per-field awaits would make the client, not the server, the limit being measured.
    private static TimeSpan Copy(NpgsqlConnection connection, string table, List<object?[]> sample, long rows)
    {
        var timer = Stopwatch.StartNew();
        using (var importer = connection.BeginBinaryImport($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (long i = 0; i < rows; i++)
            {
                var row = sample[(int)(i % sample.Count)];
                importer.StartRow();
                importer.Write((DateTime)row[0]!, NpgsqlDbType.TimestampTz);
                importer.Write((string)row[1]!, NpgsqlDbType.Text);
                WriteText(importer, row[2]);
                WriteText(importer, row[3]);
                importer.Write((string)row[4]!, NpgsqlDbType.Text);
                importer.Write((byte[])row[5]!, NpgsqlDbType.Bytea);
                importer.Write((byte[])row[6]!, NpgsqlDbType.Bytea);
                importer.Write((string)row[7]!, NpgsqlDbType.Text);
                importer.Write((int)row[8]!, NpgsqlDbType.Integer);
                importer.Write(i, NpgsqlDbType.Bigint);
                importer.Write((int)row[10]!, NpgsqlDbType.Integer);
                if (row[11] is int templateId)
                {
                    importer.Write(templateId, NpgsqlDbType.Integer);
                }
                else
                {
                    importer.WriteNull();
                }

                WriteText(importer, row[12]);
            }

            importer.Complete();
        }

        return timer.Elapsed;
    }

    private static void WriteText(NpgsqlBinaryImporter importer, object? value)
    {
        if (value is string text)
        {
            importer.Write(text, NpgsqlDbType.Text);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static async Task<List<object?[]>> SampleAsync(NpgsqlDataSource database)
    {
        var sample = new List<object?[]>();
        await using var command = database.CreateCommand($"SELECT {Columns} FROM logs ORDER BY id LIMIT {SampleRows}");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
            }

            sample.Add(row);
        }

        return sample;
    }

    private static async Task Execute(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
