using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Options;

namespace FaultMaven.Cli.Push;

public sealed class KafkaRawLogSink(KafkaOptions options) : IRawLogSink
{
    private readonly RawLogPublisher publisher = new(Options.Create(options));

    public string Description => $"Kafka {options.BootstrapServers}";

    public Task SendAsync(string source, IReadOnlyList<byte[]> chunks, CancellationToken cancellationToken) =>
        publisher.PublishAsync(source, chunks.ToAsyncEnumerable(), null, cancellationToken);

    public void Dispose() => publisher.Dispose();
}
