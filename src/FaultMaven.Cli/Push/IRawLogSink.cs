using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Cli.Push;

/// <summary>Where <c>fm push</c> delivers chunks of whole lines; returns once the receiver has acknowledged them.</summary>
public interface IRawLogSink : IDisposable
{
    /// <summary>The receiver, e.g. "Kafka 127.0.0.1:19092": shown to the user, and part of a push checkpoint's key.</summary>
    string Description { get; }

    /// <summary>
    /// The longest line sent whole when this sink puts lines into records itself (the broker's): a longer one is sent as
    /// its head, cut once by the pusher (<see cref="LineChunk.TruncatedFrom"/>). Null for a receiver that cuts lines
    /// itself (the API), which gets them whole.
    /// </summary>
    int? MaxLineBytes { get; }

    /// <param name="batch">
    /// Names this batch across its attempts and across runs of fm push (kept in the push checkpoint), so that a batch the
    /// receiver stored part of before the push gave up or was killed is completed on the next run instead of stored
    /// twice: the API sink sends its key as the <c>Idempotency-Key</c>; the broker sink marks each record with it and,
    /// when <paramref name="resend"/>, first reads logs.raw back for the records an earlier run stored.
    /// </param>
    /// <param name="resend">Whether an earlier run sent this batch and never heard the answer to all of it.</param>
    /// <param name="waiting">Hears why delivery is held back, each time the receiver asks the sender to wait.</param>
    /// <exception cref="FaultMaven.Pipeline.Ingestion.PublishInterruptedException">Part of the chunks were stored, the rest not or not certainly.</exception>
    Task SendAsync(string source, IReadOnlyList<LineChunk> chunks, PushBatch batch, bool resend, Action<string> waiting, CancellationToken cancellationToken);
}
