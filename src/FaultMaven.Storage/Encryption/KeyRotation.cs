using FaultMaven.Storage.Audit;
using Npgsql;

namespace FaultMaven.Storage.Encryption;

/// <summary>How many values of one sealed column are sealed with one key; a null key id means stored in clear (from before encryption).</summary>
public sealed record KeyUsage(string Table, string Column, string? KeyId, long Rows);

/// <summary>
/// Moves sealed values to the active key: pages through each sealed table by primary key, re-seals the rows with any
/// value on another key, and writes them back unless they changed meanwhile. Stateless, so stopping and running it
/// again resumes where it stood; values on old keys stay readable throughout.
/// </summary>
public sealed class KeyRotation(NpgsqlDataSource dataSource, FieldCipher cipher, AuditLog audit)
{
    /// <summary>Adds a new random key to the configured key file and makes it the active one.</summary>
    /// <returns>The new key's id.</returns>
    public static string AddActiveKeyToFile(EncryptionOptions options, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(options.KeyFile))
        {
            throw new EncryptionConfigurationException(
                $"A new key is written to {EncryptionOptions.SectionName}:KeyFile, which is not set. With :Keys or :KeyDirectory, "
                + "add the new key there, make it :ActiveKeyId, restart the services and run `fm keys rotate --resume`.");
        }

        if (!string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            throw new EncryptionConfigurationException(
                $"{EncryptionOptions.SectionName}:ActiveKeyId ({options.ActiveKeyId}) overrides the key file's activeKeyId; unset it to rotate through the key file.");
        }

        var rotated = KeyFile.Read(options.KeyFile).WithNewActiveKey(clock);
        rotated.Write(options.KeyFile);
        return rotated.ActiveKeyId;
    }

    public async Task<IReadOnlyList<KeyUsage>> UsageAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var usage = new List<KeyUsage>();
        foreach (var table in SealedTable.All)
        {
            foreach (var column in table.SealedColumns)
            {
                await using var command = new NpgsqlCommand(
                    $"SELECT sealed_key_id({column}), count(*) FROM {table.Name} WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 1", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    usage.Add(new KeyUsage(table.Name, column, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1)));
                }
            }
        }

        return usage;
    }

    /// <summary>Rows with at least one value not on the active key.</summary>
    public async Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var pending = 0L;
        foreach (var table in SealedTable.All)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table.Name} WHERE {NotOnActiveKey(table)}", connection);
            command.Parameters.AddWithValue("active", cipher.Keys.ActiveKeyId);
            pending += (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return pending;
    }

    /// <summary>Re-seals every row not on the active key, auditing the run.</summary>
    /// <param name="progress">Receives the number of rows re-sealed so far.</param>
    /// <returns>How many rows were re-sealed; rows changed by a writer during the run are left for the next run.</returns>
    public async Task<long> ReencryptAsync(string actor, int batchSize, IProgress<long> progress, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var resealed = 0L;
        var outcome = "failure";
        try
        {
            foreach (var table in SealedTable.All)
            {
                object? after = null;
                while (await ReadBatchAsync(table, after, batchSize, cancellationToken) is { Count: > 0 } batch)
                {
                    resealed += await WriteBatchAsync(table, batch, cancellationToken);
                    progress.Report(resealed);
                    after = batch[^1].Key;
                }
            }

            outcome = "success";
            return resealed;
        }
        finally
        {
            await audit.AppendAsync(
                new AuditEntry(actor, "keys.reencrypt", "sealed columns", outcome)
                {
                    Details = new Dictionary<string, string> { ["activeKeyId"] = cipher.Keys.ActiveKeyId, ["rows"] = resealed.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
                CancellationToken.None);
        }
    }

    private static string NotOnActiveKey(SealedTable table) =>
        "(" + string.Join(" OR ", table.SealedColumns.Select(column => $"({column} IS NOT NULL AND sealed_key_id({column}) IS DISTINCT FROM @active)")) + ")";

    private async Task<List<SealedRow>> ReadBatchAsync(SealedTable table, object? after, int batchSize, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.IdentityColumns.Concat(table.SealedColumns).Prepend(table.KeyColumn));
        var continuation = after is null ? "" : $"AND {table.KeyColumn} > @after";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {columns} FROM {table.Name} WHERE {NotOnActiveKey(table)} {continuation} ORDER BY {table.KeyColumn} LIMIT @batchSize", connection);
        command.Parameters.AddWithValue("active", cipher.Keys.ActiveKeyId);
        command.Parameters.AddWithValue("batchSize", batchSize);
        if (after is not null)
        {
            command.Parameters.AddWithValue("after", after);
        }

        var rows = new List<SealedRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var identity = Enumerable.Range(1, table.IdentityColumns.Count).Select(reader.GetValue).ToArray();
            var values = Enumerable.Range(1 + identity.Length, table.SealedColumns.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetFieldValue<byte[]>(i)).ToArray();
            rows.Add(new SealedRow(reader.GetValue(0), identity, values));
        }

        return rows;
    }

    private async Task<int> WriteBatchAsync(SealedTable table, List<SealedRow> batch, CancellationToken cancellationToken)
    {
        var keys = Array.CreateInstance(batch[0].Key.GetType(), batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            keys.SetValue(batch[i].Key, i);
        }

        var sealedColumns = table.SealedColumns;
        var assignments = string.Join(", ", sealedColumns.Select((column, i) => $"{column} = v.new{i}"));
        var unchanged = string.Join(" AND ", sealedColumns.Select((column, i) => $"t.{column} IS NOT DISTINCT FROM v.old{i}"));
        var arrays = string.Join(", ", sealedColumns.Select((_, i) => $"@new{i}").Concat(sealedColumns.Select((_, i) => $"@old{i}")));
        var names = string.Join(", ", sealedColumns.Select((_, i) => $"new{i}").Concat(sealedColumns.Select((_, i) => $"old{i}")));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"UPDATE {table.Name} AS t SET {assignments} FROM unnest(@keys, {arrays}) AS v(key, {names}) WHERE t.{table.KeyColumn} = v.key AND {unchanged}",
            connection);
        command.Parameters.AddWithValue("keys", keys);
        for (var i = 0; i < sealedColumns.Count; i++)
        {
            var column = i;
            command.Parameters.AddWithValue($"old{i}", batch.Select(row => row.Values[column]).ToArray());
            command.Parameters.AddWithValue($"new{i}", batch.Select(row => Reseal(table, sealedColumns[column], row, row.Values[column])).ToArray());
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private byte[]? Reseal(SealedTable table, string column, SealedRow row, byte[]? value)
    {
        if (value is null || FieldCipher.KeyIdOf(value) == cipher.Keys.ActiveKeyId)
        {
            return value;
        }

        var context = table.Context(column, row.Identity);
        return cipher.Seal(cipher.Open(value, context), context);
    }

    private sealed record SealedRow(object Key, object[] Identity, byte[]?[] Values);
}
