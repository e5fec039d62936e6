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

    /// <param name="batchKey">
    /// Names this batch across its attempts and across runs of fm push (kept in the push checkpoint): the API sink sends
    /// it as the <c>Idempotency-Key</c>, so that a batch the API stored part of before the push gave up is completed on
    /// the next run instead of stored twice. The broker sink needs none: a batch it stored part of moves the checkpoint
    /// past that part (<see cref="FaultMaven.Pipeline.Ingestion.PublishInterruptedException"/>).
    /// </param>
    /// <param name="waiting">Hears why delivery is held back, each time the receiver asks the sender to wait.</param>
    /// <exception cref="FaultMaven.Pipeline.Ingestion.PublishInterruptedException">Part of the chunks were stored, the rest not or not certainly.</exception>
    Task SendAsync(string source, IReadOnlyList<LineChunk> chunks, string batchKey, Action<string> waiting, CancellationToken cancellationToken);
}
