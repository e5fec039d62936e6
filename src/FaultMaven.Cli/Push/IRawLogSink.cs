namespace FaultMaven.Cli.Push;

/// <summary>Where <c>fm push</c> delivers chunks of whole lines; returns once the receiver has acknowledged them.</summary>
public interface IRawLogSink : IDisposable
{
    /// <summary>The receiver, e.g. "Kafka 127.0.0.1:19092": shown to the user, and part of a push checkpoint's key.</summary>
    string Description { get; }

    /// <param name="waiting">Hears why delivery is held back, each time the receiver asks the sender to wait.</param>
    /// <exception cref="FaultMaven.Pipeline.Ingestion.PublishInterruptedException">Part of the chunks were stored, the rest not or not certainly.</exception>
    Task SendAsync(string source, IReadOnlyList<byte[]> chunks, Action<string> waiting, CancellationToken cancellationToken);
}
