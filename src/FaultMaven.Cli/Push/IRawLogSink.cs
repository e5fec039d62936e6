namespace FaultMaven.Cli.Push;

/// <summary>Where <c>fm push</c> delivers chunks of whole lines; returns once the receiver has acknowledged them.</summary>
public interface IRawLogSink : IDisposable
{
    string Description { get; }

    /// <param name="waiting">Hears why delivery is held back, each time the receiver asks the sender to wait for the pipeline.</param>
    Task SendAsync(string source, IReadOnlyList<byte[]> chunks, Action<string> waiting, CancellationToken cancellationToken);
}
