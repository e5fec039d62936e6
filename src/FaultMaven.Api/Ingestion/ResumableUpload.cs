using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Api.Ingestion;

/// <summary>
/// What an interrupted upload stored, kept with its Idempotency-Key (<c>ingest_requests.progress</c>) for the retry:
/// per part (a source of the body, or a file of a multipart body, in the order they are published), which chunks
/// reached logs.raw. <see cref="UploadId"/> marks the upload's records (<see cref="RawLogPublisher.ChunkHeader"/>).
/// </summary>
public sealed record UploadProgress(string UploadId, DateTimeOffset StartedAt, List<PartProgress> Parts)
{
    /// <summary>
    /// What the request asked for, as 64 hex digits of SHA-256 over <paramref name="endpoint"/> (the route pattern) and
    /// each part's source and digest in order: two requests with the same digest put the same lines under the same
    /// sources through the same endpoint, however their bodies were encoded (gzip or not) or split into chunks.
    /// </summary>
    public string RequestDigest(string endpoint)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Length-prefixed, so no choice of source names makes two different requests hash alike.
        foreach (var field in Parts.SelectMany(part => new[] { part.Source, part.Digest }).Prepend(endpoint))
        {
            digest.AppendData(BitConverter.GetBytes(Encoding.UTF8.GetByteCount(field)));
            digest.AppendData(Encoding.UTF8.GetBytes(field));
        }

        return Convert.ToHexStringLower(digest.GetHashAndReset());
    }
}

/// <summary>
/// One part of an <see cref="UploadProgress"/>: its chunks in all, those stored and those sent but unanswered
/// (<see cref="Unknown"/>, looked up on logs.raw by the retry from <see cref="ScanFrom"/> in <see cref="Partition"/>, or
/// in every partition when the producer never said which),
/// and the SHA-256 of its chunks (with a cut line's whole length), so a retry with a different body under the same key is refused.
/// </summary>
public sealed record PartProgress(string Source, string Digest, int Chunks, List<int> Stored, List<int> Unknown, int? Partition, long? ScanFrom);

/// <summary>Lines, Kafka records and bytes of an upload in one state.</summary>
public sealed record UploadCount(long Lines, long Records, long Bytes)
{
    public static readonly UploadCount None = new(0, 0, 0);

    public UploadCount Plus(long lines, long bytes) => new(Lines + lines, Records + 1, Bytes + bytes);
}

/// <summary>
/// An upload that stopped because the broker did not acknowledge it (or flow control did not admit it) within
/// <see cref="IngestionOptions.DeliveryTimeout"/>: what of the request is on logs.raw, what is not, and what may be.
/// Parts after the interrupted one (further files of a multipart body) were not started and are not counted.
/// </summary>
public sealed class UploadInterruptedException(string reason, UploadCount stored, UploadCount notStored, UploadCount unknown, bool resumable, UploadProgress? progress)
    : Exception($"upload interrupted: {reason}")
{
    public string Reason => reason;

    public UploadCount Stored => stored;

    public UploadCount NotStored => notStored;

    public UploadCount Unknown => unknown;

    /// <summary>Whether the request had an Idempotency-Key, so that a retry with it sends only what is not stored.</summary>
    public bool Resumable => resumable;

    /// <summary>What to keep with the key for the retry; null without a key.</summary>
    public UploadProgress? Progress => progress;
}

/// <summary>
/// A request under an Idempotency-Key that an earlier request with another body, source or endpoint used within the
/// day: answered 422 naming <see cref="Key"/> (<see cref="InterruptedUploadHandler"/>), and nothing of it is produced.
/// </summary>
public sealed class IdempotencyKeyReusedException(string key, string earlier)
    : Exception($"The {IdempotentIngest.Header} '{key}' belongs to {earlier}; send this request under a new key, or repeat that request unchanged.")
{
    public string Key => key;

    /// <summary>A retry of an upload the broker interrupted whose part <paramref name="source"/> is not what that upload sent.</summary>
    public static IdempotencyKeyReusedException Interrupted(string key, string source) =>
        new(key, $"an interrupted upload with a different body or source (part {source}), whose retry sends only what it did not store");

    /// <summary>A request that is not the completed one whose answer the key keeps.</summary>
    public static IdempotencyKeyReusedException Completed(string key) =>
        new(key, "a completed request with a different body, source or endpoint, whose answer it keeps for a day");
}

/// <summary>
/// One request's way onto logs.raw: publishes its parts in order and, with an Idempotency-Key, resumes an interrupted
/// earlier attempt: a part's chunks that attempt stored (acknowledged, or found on logs.raw when unanswered) are
/// counted but not sent again. A repeat of a completed request (<see cref="Repeat"/>) publishes nothing: it only
/// reads its parts, so that what it asks for can be compared with what the completed one asked for.
/// Made by <see cref="IdempotentIngest"/>, used by one request at a time.
/// </summary>
public sealed class ResumableUpload
{
    private readonly RawLogPublisher publisher;
    private readonly UploadProbe probe;
    private readonly IngestionOptions options;
    private readonly UploadProgress? progress;
    private readonly UploadProgress? earlier;
    private readonly string key;
    private readonly bool publishes;
    private int parts;
    private UploadCount published = UploadCount.None;

    /// <param name="progress">Where the parts' progress goes; null for a request without an Idempotency-Key.</param>
    /// <param name="earlier">An interrupted attempt's progress under the same key, or null.</param>
    /// <param name="key">The request's Idempotency-Key, named when a part is not what the interrupted attempt sent; empty without one.</param>
    public ResumableUpload(RawLogPublisher publisher, UploadProbe probe, IngestionOptions options, UploadProgress? progress, UploadProgress? earlier, string key)
        : this(publisher, probe, options, progress, earlier, key, publishes: true)
    {
    }

    private ResumableUpload(RawLogPublisher publisher, UploadProbe probe, IngestionOptions options, UploadProgress? progress, UploadProgress? earlier, string key, bool publishes)
    {
        this.publisher = publisher;
        this.probe = probe;
        this.options = options;
        this.progress = progress;
        this.earlier = earlier;
        this.key = key;
        this.publishes = publishes;
    }

    /// <summary>The parts read so far, with their digests; null for a request without an Idempotency-Key.</summary>
    public UploadProgress? Progress => progress;

    /// <summary>
    /// The way of a request under the key of a completed one: each part is read, digested and counted as if it were
    /// published, and nothing goes onto logs.raw, so a repeat of the completed request produces nothing.
    /// </summary>
    public static ResumableUpload Repeat(RawLogPublisher publisher, UploadProbe probe, IngestionOptions options, string key) =>
        new(publisher, probe, options, new UploadProgress("", DateTimeOffset.MinValue, []), null, key, publishes: false);

    /// <summary>Publishes one part: the lines of <paramref name="body"/> (seekable, positioned at its start) under <paramref name="source"/>.</summary>
    /// <exception cref="UploadInterruptedException">The broker stopped acknowledging, or flow control stopped admitting, within the delivery timeout.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key's interrupted attempt sent a different body.</exception>
    public async Task<PublishReceipt> PublishAsync(string source, Stream body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!publishes)
        {
            return await ReadAsync(source, body, digest, cancellationToken);
        }

        var part = parts++;
        UploadMarks? marks = null;
        if (progress is not null)
        {
            var before = earlier?.Parts.ElementAtOrDefault(part);
            marks = new UploadMarks(progress.UploadId, before is null ? new HashSet<int>() : await StoredBeforeAsync(before, source, body, cancellationToken));
        }

        try
        {
            var receipt = await publisher.PublishAsync(source, Digesting(IngestEndpoints.Chunks(body, options, cancellationToken), digest), headers, cancellationToken, marks: marks);
            progress?.Parts.Add(new PartProgress(source, Convert.ToHexStringLower(digest.GetHashAndReset()), (int)receipt.Records, [.. Enumerable.Range(0, (int)receipt.Records)], [], null, null));
            published = new UploadCount(published.Lines + receipt.Lines, published.Records + receipt.Records, published.Bytes + receipt.Bytes);
            return receipt;
        }
        catch (PublishInterruptedException interrupted)
        {
            throw Interrupted(source, interrupted, Convert.ToHexStringLower(digest.GetHashAndReset()));
        }
    }

    /// <summary>A part of a <see cref="Repeat"/>: digested and counted as <see cref="RawLogPublisher.PublishAsync"/> would count it, not published.</summary>
    private async Task<PublishReceipt> ReadAsync(string source, Stream body, IncrementalHash digest, CancellationToken cancellationToken)
    {
        var read = UploadCount.None;
        await foreach (var chunk in Digesting(IngestEndpoints.Chunks(body, options, cancellationToken), digest, cancellationToken))
        {
            read = read.Plus(LineChunker.CountLines(chunk.Value), chunk.InputBytes);
        }

        progress!.Parts.Add(new PartProgress(source, Convert.ToHexStringLower(digest.GetHashAndReset()), (int)read.Records, [], [], null, null));
        return new PublishReceipt(read.Lines, read.Records, read.Bytes);
    }

    private UploadInterruptedException Interrupted(string source, PublishInterruptedException interrupted, string digest)
    {
        var stored = published;
        var notStored = UploadCount.None;
        var unknown = UploadCount.None;
        foreach (var chunk in interrupted.Chunks)
        {
            _ = chunk.Fate switch
            {
                ChunkFate.Stored => stored = stored.Plus(chunk.Lines, chunk.Bytes),
                ChunkFate.Unknown => unknown = unknown.Plus(chunk.Lines, chunk.Bytes),
                _ => notStored = notStored.Plus(chunk.Lines, chunk.Bytes),
            };
        }

        var storedChunks = interrupted.Chunks.Where(c => c.Fate == ChunkFate.Stored).ToList();
        var unknownChunks = interrupted.Chunks.Where(c => c.Fate == ChunkFate.Unknown).ToList();
        // An unanswered chunk, if stored, lies after every acknowledged record the same publish sent before it.
        var scanFrom = unknownChunks.Count == 0 ? null : storedChunks.Where(c => c.Offset is not null && c.Index < unknownChunks[0].Index).Select(c => c.Offset + 1).LastOrDefault();
        progress?.Parts.Add(new PartProgress(
            source, digest, interrupted.Chunks.Count, [.. storedChunks.Select(c => c.Index)], [.. unknownChunks.Select(c => c.Index)],
            unknownChunks.Select(c => c.Partition).Concat(storedChunks.Select(c => c.Partition)).FirstOrDefault(p => p is not null), scanFrom));
        return new UploadInterruptedException(interrupted.Reason, stored, notStored, unknown, progress is not null, progress);
    }

    /// <summary>The chunks of an interrupted part that are on logs.raw: those acknowledged, and those unanswered but found there.</summary>
    private async Task<HashSet<int>> StoredBeforeAsync(PartProgress before, string source, Stream body, CancellationToken cancellationToken)
    {
        using (var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            await foreach (var _ in Digesting(IngestEndpoints.Chunks(body, options, cancellationToken), digest))
            {
            }

            body.Position = 0;
            if (before.Source != source || Convert.ToHexStringLower(digest.GetHashAndReset()) != before.Digest)
            {
                throw IdempotencyKeyReusedException.Interrupted(key, source);
            }
        }

        var stored = before.Stored.ToHashSet();
        if (before.Unknown.Count > 0)
        {
            var found = await probe.FindStoredAsync(progress!.UploadId, before.Partition, before.ScanFrom, earlier!.StartedAt, options.DeliveryTimeout, cancellationToken);
            stored.UnionWith(before.Unknown.Where(found.Contains));
        }

        return stored;
    }

    /// <summary>
    /// The chunks, with what they put on logs.raw added to <paramref name="digest"/>: their bytes, and a cut line's whole
    /// length, so that the same body cut to other limits is not the same request.
    /// </summary>
    private static async IAsyncEnumerable<LineChunk> Digesting(IAsyncEnumerable<LineChunk> chunks, IncrementalHash digest, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            digest.AppendData(chunk.Value);
            if (chunk.TruncatedFrom is { } length)
            {
                digest.AppendData(BitConverter.GetBytes(length));
            }

            yield return chunk;
        }
    }
}
