using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Api.Ingestion;

/// <summary>
/// What an interrupted upload stored, kept with its Idempotency-Key (<c>ingest_requests.progress</c>) for the retry:
/// per part (a source of the body, or a file of a multipart body, in the order they are published), which chunks
/// reached logs.raw. <see cref="UploadId"/> marks the upload's records (<see cref="RawLogPublisher.ChunkHeader"/>).
/// </summary>
public sealed record UploadProgress(string UploadId, DateTimeOffset StartedAt, List<PartProgress> Parts);

/// <summary>
/// One part of an <see cref="UploadProgress"/>: its chunks in all, those stored and those sent but unanswered
/// (<see cref="Unknown"/>, looked up on logs.raw by the retry from <see cref="ScanFrom"/> in <see cref="Partition"/>, or
/// in every partition when the producer never said which),
/// and the SHA-256 of its chunks, so a retry with a different body under the same key is refused.
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

/// <summary>A retry whose body is not the one the interrupted request under the same Idempotency-Key sent.</summary>
public sealed class IdempotencyKeyReusedException(string source)
    : Exception($"The {IdempotentIngest.Header} belongs to an interrupted upload with a different body (part {source}); retry that body, or use a new key.");

/// <summary>
/// One request's way onto logs.raw: publishes its parts in order and, with an Idempotency-Key, resumes an interrupted
/// earlier attempt: a part's chunks that attempt stored (acknowledged, or found on logs.raw when unanswered) are
/// counted but not sent again. Made by <see cref="IdempotentIngest"/>, used by one request at a time.
/// </summary>
public sealed class ResumableUpload
{
    private readonly RawLogPublisher publisher;
    private readonly UploadProbe probe;
    private readonly IngestionOptions options;
    private readonly UploadProgress? progress;
    private readonly UploadProgress? earlier;
    private int parts;
    private UploadCount published = UploadCount.None;

    /// <param name="progress">Where the parts' progress goes; null for a request without an Idempotency-Key.</param>
    /// <param name="earlier">An interrupted attempt's progress under the same key, or null.</param>
    public ResumableUpload(RawLogPublisher publisher, UploadProbe probe, IngestionOptions options, UploadProgress? progress, UploadProgress? earlier)
    {
        this.publisher = publisher;
        this.probe = probe;
        this.options = options;
        this.progress = progress;
        this.earlier = earlier;
    }

    /// <summary>Publishes one part: the lines of <paramref name="body"/> (seekable, positioned at its start) under <paramref name="source"/>.</summary>
    /// <exception cref="UploadInterruptedException">The broker stopped acknowledging, or flow control stopped admitting, within the delivery timeout.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key's interrupted attempt sent a different body.</exception>
    public async Task<PublishReceipt> PublishAsync(string source, Stream body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var part = parts++;
        UploadMarks? marks = null;
        if (progress is not null)
        {
            var before = earlier?.Parts.ElementAtOrDefault(part);
            marks = new UploadMarks(progress.UploadId, before is null ? new HashSet<int>() : await StoredBeforeAsync(before, source, body, cancellationToken));
        }

        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
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
                throw new IdempotencyKeyReusedException(source);
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

    private static async IAsyncEnumerable<byte[]> Digesting(IAsyncEnumerable<byte[]> chunks, IncrementalHash digest, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            digest.AppendData(chunk);
            yield return chunk;
        }
    }
}
