using System.Security.Cryptography;
using System.Text.Json;

namespace FaultMaven.Storage.Audit;

/// <summary>
/// The hash chain: each row's hash is SHA-256 over the previous row's hash and a canonical JSON array of the row's
/// time (microseconds since the Unix epoch, PostgreSQL's precision), actor, action, target, source address, outcome
/// and details sorted by key. Ids are left out so a reordering shows up as a broken link rather than as an edit.
/// </summary>
public static class AuditChain
{
    private const int FormatVersion = 1;

    /// <summary>The previous hash of the first row.</summary>
    public static byte[] Genesis { get; } = new byte[SHA256.HashSizeInBytes];

    /// <summary>A time as PostgreSQL's timestamptz keeps it, so that what is hashed is what is read back.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000), TimeSpan.Zero);

    public static byte[] Hash(DateTimeOffset at, AuditEntry entry, byte[] previousHash)
    {
        using var buffer = new MemoryStream();
        buffer.Write(previousHash);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(FormatVersion);
            json.WriteNumberValue((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (TimeSpan.TicksPerMillisecond / 1000));
            json.WriteStringValue(entry.Actor);
            json.WriteStringValue(entry.Action);
            json.WriteStringValue(entry.Target);
            json.WriteStringValue(entry.SourceAddress);
            json.WriteStringValue(entry.Outcome);
            json.WriteStartObject();
            foreach (var (key, value) in entry.Details.OrderBy(detail => detail.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndArray();
        }

        return SHA256.HashData(buffer.ToArray());
    }

    /// <summary>Walks the rows in id order and reports the first one that breaks the chain.</summary>
    /// <param name="idOfHash">The id of the row with a given hash (hex), anywhere in the table; tells a reordering from a deletion.</param>
    /// <param name="head">The chain head's last id and hash, updated by every append.</param>
    /// <param name="recordedHash">A row hash written down outside the database earlier (<c>fm audit head</c>, the services' log): it must still be in the chain.</param>
    public static AuditVerification Verify(
        IEnumerable<AuditRecord> rows, IReadOnlyDictionary<string, long> idOfHash, (long LastId, byte[] LastHash) head, byte[]? recordedHash = null)
    {
        var expectedId = 1L;
        var previousHash = Genesis;
        var recordedFound = recordedHash is null;
        foreach (var row in rows)
        {
            if (Break(row, expectedId, previousHash, idOfHash) is { } broken)
            {
                return new AuditVerification(expectedId - 1, broken);
            }

            recordedFound |= row.Hash.AsSpan().SequenceEqual(recordedHash);
            previousHash = row.Hash;
            expectedId = row.Id + 1;
        }

        var checkedRows = expectedId - 1;
        if (head.LastId > checkedRows)
        {
            return new AuditVerification(checkedRows, new AuditBreak(
                checkedRows + 1, AuditBreakKind.Deleted, $"rows {checkedRows + 1} to {head.LastId} were appended but are missing from the end (deleted)"));
        }

        if (head.LastId != checkedRows || !head.LastHash.AsSpan().SequenceEqual(previousHash))
        {
            return new AuditVerification(checkedRows, new AuditBreak(
                checkedRows, AuditBreakKind.Edited, $"the chain head (row {head.LastId}) does not match the last row {checkedRows} (edited)"));
        }

        return recordedFound
            ? new AuditVerification(checkedRows, null)
            : new AuditVerification(checkedRows, new AuditBreak(
                checkedRows, AuditBreakKind.Rewritten, $"no row has the recorded hash {Convert.ToHexStringLower(recordedHash!)} (history rewritten and re-hashed, or cut)"));
    }

    private static AuditBreak? Break(AuditRecord row, long expectedId, byte[] previousHash, IReadOnlyDictionary<string, long> idOfHash)
    {
        if (!Hash(row.At, row.Entry, row.PreviousHash).AsSpan().SequenceEqual(row.Hash))
        {
            return new AuditBreak(row.Id, AuditBreakKind.Edited, $"row {row.Id}'s content does not match its hash (edited)");
        }

        if (row.Id != expectedId)
        {
            return new AuditBreak(row.Id, AuditBreakKind.Deleted, $"rows {expectedId} to {row.Id - 1} before row {row.Id} are missing (deleted)");
        }

        if (row.PreviousHash.AsSpan().SequenceEqual(previousHash))
        {
            return null;
        }

        return idOfHash.TryGetValue(Convert.ToHexString(row.PreviousHash), out var linked)
            ? new AuditBreak(row.Id, AuditBreakKind.Reordered, $"row {row.Id} was appended after row {linked}, not after row {row.Id - 1} (reordered)")
            : new AuditBreak(row.Id, AuditBreakKind.Deleted, $"the row appended before row {row.Id} is gone (deleted, and later rows renumbered)");
    }
}
