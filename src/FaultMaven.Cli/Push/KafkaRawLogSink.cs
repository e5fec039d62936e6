using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Options;

namespace FaultMaven.Cli.Push;

/// <summary>Produces to logs.raw directly, admitted by <see cref="FlowControl"/> like the API's ingestion.</summary>
public sealed class KafkaRawLogSink(KafkaOptions options, FlowControlOptions flowControlOptions) : IRawLogSink
{
    private readonly FlowControl flowControl = new(Options.Create(options), Options.Create(flowControlOptions), TimeProvider.System);
    private RawLogPublisher? publisher;

    public string Description => $"Kafka {options.BootstrapServers}";

    public Task SendAsync(string source, IReadOnlyList<byte[]> chunks, Action<string> waiting, CancellationToken cancellationToken) =>
        (publisher ??= new RawLogPublisher(Options.Create(options), flowControl)).PublishAsync(source, chunks.ToAsyncEnumerable(), null, cancellationToken, waiting);

    public void Dispose()
    {
        publisher?.Dispose();
        flowControl.Dispose();
    }
}
