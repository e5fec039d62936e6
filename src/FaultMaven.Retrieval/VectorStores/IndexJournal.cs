using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultMaven.Retrieval.VectorStores;

/// <summary>One change to the embedded index since its last snapshot: an upsert (with its vector) or a delete (without).</summary>
internal sealed record JournalRecord(
    string IncidentId, ulong Key, float[]? Vector = null, IncidentMetadata? Metadata = null, DateTimeOffset EmbeddedAt = default)
{
    [JsonIgnore]
    public bool IsDelete => Vector is null;
}

/// <summary>What <see cref="IndexJournal.Open"/> found: the records to replay on the snapshot, and the bytes cut off the tail.</summary>
internal sealed record JournalReplay(IReadOnlyList<JournalRecord> Records, long DiscardedBytes, bool Stale);

/// <summary>
/// The append-only file of changes since the embedded index's last snapshot (<c>indexPath.journal</c>), so an upsert
/// writes one record instead of the whole index. Layout: an 8-byte magic, the 16-byte id of the snapshot the journal
/// follows, then records of [length u32 LE][CRC-32 of the payload u32 LE][payload: UTF-8 JSON of a <see cref="JournalRecord"/>].
/// A record cut short (a process killed mid-write, a full disk) or failing its CRC ends the journal: it and all after it
/// are cut off, and the store's count then differs from PostgreSQL's, which rebuilds it.
/// </summary>
internal sealed class IndexJournal : IDisposable
{
    private const int HeaderLength = 24;
    private const int RecordHeaderLength = 8;

    // A record longer than this is damage, not a vector (a 4,096-dimensional vector as JSON is under 70 KB).
    private const int MaxRecordLength = 16 << 20;

    private static readonly byte[] Magic = "FMVJRNL1"u8.ToArray();
    private static readonly JsonSerializerOptions RecordJson = new(JsonSerializerDefaults.Web);

    private readonly FileStream stream;

    private IndexJournal(FileStream stream, int records)
    {
        this.stream = stream;
        Records = records;
    }

    /// <summary>Records appended since the snapshot, replayed ones included.</summary>
    public int Records { get; private set; }

    /// <summary>
    /// Opens the journal at <paramref name="path"/> for appending, after reading what it holds for the snapshot
    /// <paramref name="snapshotId"/>. A journal of another snapshot (a crash between writing a snapshot and starting
    /// its journal: its changes are in the snapshot) or none at all starts empty.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read or written.</exception>
    public static (IndexJournal Journal, JournalReplay Replay) Open(string path, Guid snapshotId)
    {
        if (!File.Exists(path))
        {
            return (Start(path, snapshotId), new JournalReplay([], 0, Stale: false));
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var header = new byte[HeaderLength];
            if (stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength
                || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic)
                || new Guid(header.AsSpan(Magic.Length, 16)) != snapshotId)
            {
                var length = stream.Length;
                stream.Dispose();
                return (Start(path, snapshotId), new JournalReplay([], length, Stale: true));
            }

            var records = ReadRecords(stream, out var goodLength);
            var discarded = stream.Length - goodLength;
            stream.SetLength(goodLength);
            stream.Seek(0, SeekOrigin.End);
            return (new IndexJournal(stream, records.Count), new JournalReplay(records, discarded, Stale: false));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>A name beside <paramref name="path"/> that no other write uses, for writing a file whole before renaming it over <paramref name="path"/>.</summary>
    internal static string TemporaryName(string path) => $"{path}.{Guid.NewGuid():N}.tmp";

    /// <summary>Starts an empty journal for the snapshot <paramref name="snapshotId"/>: written beside and renamed over, so a crash leaves the old journal or the new one.</summary>
    public static IndexJournal Start(string path, Guid snapshotId)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header, 0);
        snapshotId.TryWriteBytes(header.AsSpan(Magic.Length));
        var temporary = TemporaryName(path);
        File.WriteAllBytes(temporary, header);
        File.Move(temporary, path, overwrite: true);
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Seek(0, SeekOrigin.End);
        return new IndexJournal(stream, 0);
    }

    /// <summary>
    /// Appends one record in a single write and hands it to the operating system, so it survives the process being
    /// killed; it is not synced to the disk on every change, because a record lost with the machine only makes the
    /// index stale, and PostgreSQL rebuilds a stale index at start.
    /// </summary>
    public void Append(JournalRecord record)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(record, RecordJson);
        var buffer = new byte[RecordHeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(buffer, RecordHeaderLength);
        stream.Write(buffer);
        stream.Flush();
        Records++;
    }

    public void Dispose() => stream.Dispose();

    private static List<JournalRecord> ReadRecords(FileStream stream, out long goodLength)
    {
        var records = new List<JournalRecord>();
        goodLength = HeaderLength;
        var header = new byte[RecordHeaderLength];
        while (stream.ReadAtLeast(header, RecordHeaderLength, throwOnEndOfStream: false) == RecordHeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (length > MaxRecordLength || length > stream.Length - stream.Position)
            {
                break;
            }

            var payload = new byte[length];
            stream.ReadExactly(payload);
            if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4))
                || !TryParse(payload, out var record))
            {
                break;
            }

            records.Add(record);
            goodLength = stream.Position;
        }

        return records;
    }

    private static bool TryParse(byte[] payload, out JournalRecord record)
    {
        try
        {
            record = JsonSerializer.Deserialize<JournalRecord>(payload, RecordJson)!;
            return record is not null;
        }
        catch (JsonException)
        {
            record = null!;
            return false;
        }
    }
}
