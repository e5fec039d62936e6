using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Tracing;
using Microsoft.Extensions.Options;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>How much one publish put onto logs.raw: non-blank lines, Kafka records (chunks of lines) and the bytes of input they stand for.</summary>
public sealed record PublishReceipt(long Lines, long Records, long Bytes);

/// <summary>
/// What became of one chunk of an interrupted publish. <see cref="Offset"/> is known for a chunk this publish stored,
/// <see cref="Partition"/> for one it sent, <see cref="Reason"/> for one the producer gave up on. <see cref="Bytes"/>
/// are the input's (<see cref="LineChunk.InputBytes"/>), so that a sender resumes after a cut line's whole length.
/// </summary>
public sealed record ChunkOutcome(int Index, ChunkFate Fate, long Lines, long Bytes, int? Partition = null, long? Offset = null, string? Reason = null);

/// <summary>Where one chunk of a publish ended up.</summary>
public enum ChunkFate
{
    /// <summary>Acknowledged by the broker (in this publish or, per <see cref="UploadMarks"/>, an earlier one).</summary>
    Stored,

    /// <summary>Certainly not on the broker: never sent, or refused, or timed out before it was sent.</summary>
    NotStored,

    /// <summary>Handed to the producer and not acknowledged in time: on the broker or not (its answer may have been lost).</summary>
    Unknown,
}

/// <summary>
/// An upload that may be an earlier attempt's retry: every record carries the header <see cref="RawLogPublisher.ChunkHeader"/>
/// (<c>UploadId:index</c>), so a later attempt can find which of its unknown chunks reached the broker, and the chunks
/// in <see cref="Stored"/> are counted but not produced again.
/// </summary>
public sealed record UploadMarks(string UploadId, IReadOnlySet<int> Stored);

/// <summary>
/// A publish that stopped part way: the broker did not acknowledge some chunks within the delivery timeout, flow
/// control did not admit the next one within it, or the caller asked it to stop sending (<see cref="Stopped"/>).
/// <see cref="Chunks"/> lists every chunk of the body in order, with what became of it.
/// </summary>
public sealed class PublishInterruptedException(string source, IReadOnlyList<ChunkOutcome> chunks, string reason)
    : Exception($"publishing {source} stopped after {chunks.Count(c => c.Fate == ChunkFate.Stored)} of {chunks.Count} records: {reason}")
{
    public string LogSource => source;

    public IReadOnlyList<ChunkOutcome> Chunks => chunks;

    /// <summary>librdkafka's or flow control's words for why, e.g. "Local: Message timed out", or <see cref="Stopped"/>.</summary>
    public string Reason => reason;

    /// <summary>The <see cref="Reason"/> of a publish whose caller asked it to stop sending.</summary>
    public const string Stopped = "stopped by the sender";

    /// <summary>Whether the publish ended because its caller asked it to stop sending, not because of the broker.</summary>
    public bool WasStopped => reason == Stopped;
}

/// <summary>
/// Puts raw log bytes onto <c>logs.raw</c>, keyed by source, and returns once the broker has acknowledged all of them.
/// Each record waits for admission by <see cref="FlowControl"/>, so a publish slows to the pipeline's pace instead of
/// outrunning the broker's retention.
/// </summary>
public sealed class RawLogPublisher : IDisposable
{
    /// <summary>The record header that marks a record of an <see cref="UploadMarks"/> upload: <c>UploadId:chunk index</c>.</summary>
    public const string ChunkHeader = "faultmaven-chunk";

    /// <summary>
    /// The record header of a cut line's head (<see cref="LineChunk.TruncatedFrom"/>): the line's whole length in bytes,
    /// in ASCII digits, which the worker stores with the line as <c>fm.truncated</c>.
    /// </summary>
    public const string TruncatedHeader = "faultmaven-truncated";

    /// <summary>A logs.raw record's <see cref="TruncatedHeader"/>: its cut line's whole length; null when it has none (or not a number).</summary>
    public static long? TruncatedFrom(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(TruncatedHeader, out var value)
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    private readonly IProducer<string, byte[]> producer;
    private readonly FlowControl flowControl;
    private readonly TimeSpan? deliveryTimeout;

    /// <summary>A publisher that waits as long as librdkafka's defaults let it (<c>message.timeout.ms</c> 300 s), as <c>fm push</c> does.</summary>
    public RawLogPublisher(IOptions<KafkaOptions> options, FlowControl flowControl)
        : this(options, flowControl, null)
    {
    }

    /// <param name="deliveryTimeout">
    /// How long a record may wait for the broker's acknowledgement (librdkafka's <c>message.timeout.ms</c>) and a chunk
    /// for flow control's admission before the publish stops with <see cref="PublishInterruptedException"/>; null for
    /// librdkafka's default. A <c>message.timeout.ms</c> among the configured client properties wins.
    /// </param>
    public RawLogPublisher(IOptions<KafkaOptions> options, FlowControl flowControl, TimeSpan? deliveryTimeout)
    {
        var config = KafkaClients.Producer(options.Value);
        if (deliveryTimeout is { } timeout && !options.Value.Client.ContainsKey("message.timeout.ms"))
        {
            config.MessageTimeoutMs = (int)timeout.TotalMilliseconds;
        }

        this.producer = new ProducerBuilder<string, byte[]>(config).Build();
        this.flowControl = flowControl;
        this.deliveryTimeout = deliveryTimeout;
    }

    /// <param name="waiting">Hears why the publish is waiting, each time it has to wait for the pipeline to catch up.</param>
    /// <param name="marks">Marks the records of a retryable upload and leaves out the chunks an earlier attempt stored.</param>
    /// <param name="stopSending">
    /// Asks the publish to stop cleanly, as <c>fm push</c> does on SIGINT or SIGTERM: no further chunk is admitted or
    /// sent, and the ones already handed to the producer are awaited, so the <see cref="PublishInterruptedException"/>
    /// that ends it says which chunks the broker stored. <paramref name="cancellationToken"/>, by contrast, abandons the
    /// publish (a request whose client went away): a record already sent may still be stored, unreported.
    /// </param>
    /// <exception cref="PublishInterruptedException">Some chunk was not acknowledged, or not admitted, within the delivery
    /// timeout, or <paramref name="stopSending"/> stopped the publish before its last chunk.</exception>
    public async Task<PublishReceipt> PublishAsync(
        string source,
        IAsyncEnumerable<LineChunk> chunks,
        IReadOnlyDictionary<string, string>? headers,
        CancellationToken cancellationToken,
        Action<string>? waiting = null,
        UploadMarks? marks = null,
        CancellationToken stopSending = default)
    {
        using var activity = KafkaTraceContext.StartPublish(Topics.Raw, source);
        var pending = new List<Task<ChunkOutcome>>();
        string? stopped = null;
        long bytes = 0;
        long lines = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            var index = pending.Count;
            var chunkLines = LineChunker.CountLines(chunk.Value);
            bytes += chunk.InputBytes;
            lines += chunkLines;
            if (marks?.Stored.Contains(index) == true)
            {
                pending.Add(Task.FromResult(new ChunkOutcome(index, ChunkFate.Stored, chunkLines, chunk.InputBytes)));
                continue;
            }

            // Once one record could not go, the rest are only counted: the receipt, or the problem, covers the whole body.
            stopped ??= pending.FirstOrDefault(p => p.IsCompleted && p.Result.Fate != ChunkFate.Stored)?.Result.Reason;
            stopped ??= stopSending.IsCancellationRequested ? PublishInterruptedException.Stopped : await AdmitAsync(waiting, cancellationToken, stopSending);
            // A record handed to the producer cannot be recalled: a sender that may stop waits for its answer, to report it.
            pending.Add(stopped is null
                ? Produce(index, Message(source, chunk, headers, activity, marks is null ? null : $"{marks.UploadId}:{index}"), chunkLines, chunk.InputBytes, stopSending.CanBeCanceled ? CancellationToken.None : cancellationToken)
                : Task.FromResult(new ChunkOutcome(index, ChunkFate.NotStored, chunkLines, chunk.InputBytes)));
        }

        var outcomes = await Task.WhenAll(pending);
        activity?.SetTag("messaging.batch.message_count", pending.Count);
        if (outcomes.Any(o => o.Fate != ChunkFate.Stored))
        {
            throw new PublishInterruptedException(source, outcomes, outcomes.FirstOrDefault(o => o.Reason is not null)?.Reason ?? stopped ?? "not acknowledged");
        }

        // Also when asked to stop after the last chunk was sent: the whole body is stored.
        return new PublishReceipt(lines, pending.Count, bytes);
    }

    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
    }

    /// <summary>
    /// Waits for flow control's admission of one record, at most the delivery timeout and until <paramref name="stopSending"/>;
    /// the reason when it gave up.
    /// </summary>
    private async Task<string?> AdmitAsync(Action<string>? waiting, CancellationToken cancellationToken, CancellationToken stopSending)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopSending);
        if (deliveryTimeout is { } timeout)
        {
            bounded.CancelAfter(timeout);
        }

        string? last = null;
        try
        {
            await flowControl.AdmitAsync(1, reason => { last = reason; waiting?.Invoke(reason); }, bounded.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return stopSending.IsCancellationRequested
                ? PublishInterruptedException.Stopped
                : $"not admitted within {deliveryTimeout!.Value.TotalSeconds:0.#} s: {last ?? "flow control did not answer"}";
        }
    }

    private async Task<ChunkOutcome> Produce(int index, Message<string, byte[]> message, long lines, long inputBytes, CancellationToken cancellationToken)
    {
        try
        {
            var delivered = await producer.ProduceAsync(Topics.Raw, message, cancellationToken);
            return new ChunkOutcome(index, ChunkFate.Stored, lines, inputBytes, delivered.Partition.Value, delivered.Offset.Value);
        }
        catch (ProduceException<string, byte[]> exception)
        {
            // A record that timed out may have been appended by a broker that went away before answering, even when
            // librdkafka calls it NotPersisted (seen with the dev broker set down mid-upload): only reading logs.raw tells.
            var fate = exception.Error.Code == ErrorCode.Local_MsgTimedOut || exception.DeliveryResult?.Status == PersistenceStatus.PossiblyPersisted
                ? ChunkFate.Unknown
                : ChunkFate.NotStored;
            int? partition = exception.DeliveryResult?.Partition.Value is >= 0 and var p ? p : null;
            return new ChunkOutcome(index, fate, lines, inputBytes, partition, Reason: exception.Error.Reason);
        }
        finally
        {
            flowControl.Settled(1);
        }
    }

    private static Message<string, byte[]> Message(string source, LineChunk chunk, IReadOnlyDictionary<string, string>? headers, System.Diagnostics.Activity? activity, string? chunkMark)
    {
        var message = new Message<string, byte[]> { Key = source, Value = chunk.Value, Headers = [] };
        KafkaTraceContext.Inject(activity, message.Headers);
        if (headers is { Count: > 0 })
        {
            foreach (var (key, headerValue) in headers)
            {
                message.Headers.Add(key, Encoding.UTF8.GetBytes(headerValue));
            }
        }

        if (chunkMark is not null)
        {
            message.Headers.Add(ChunkHeader, Encoding.UTF8.GetBytes(chunkMark));
        }

        if (chunk.TruncatedFrom is { } length)
        {
            message.Headers.Add(TruncatedHeader, Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture)));
        }

        return message;
    }
}
