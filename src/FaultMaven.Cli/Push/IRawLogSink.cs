namespace FaultMaven.Cli.Push;

/// <summary>Where <c>fm push</c> delivers chunks of whole lines; returns once the receiver has acknowledged them.</summary>
public interface IRawLogSink : IDisposable
{
    string Description { get; }

    Task SendAsync(string source, IReadOnlyList<byte[]> chunks, CancellationToken cancellationToken);
}
