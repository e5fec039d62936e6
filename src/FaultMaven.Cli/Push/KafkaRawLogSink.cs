using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Options;

namespace FaultMaven.Cli.Push;

/// <summary>Produces to logs.raw directly, admitted by <see cref="FlowControl"/> like the API's ingestion.</summary>
/// <param name="waitTimeout">How long a chunk may wait for admission or for the broker's acknowledgement before the push stops.</param>
/// <param name="maxLineBytes">The longest line put into a record whole (<c>FaultMaven:Ingestion:MaxLineBytes</c>, as the API's).</param>
public sealed class KafkaRawLogSink(KafkaOptions options, FlowControlOptions flowControlOptions, TimeSpan waitTimeout, int maxLineBytes) : IRawLogSink
{
    private readonly FlowControl flowControl = new(Options.Create(options), Options.Create(flowControlOptions), TimeProvider.System);
    private RawLogPublisher? publisher;

    public string Description => $"Kafka {options.BootstrapServers}";

    public int? MaxLineBytes => maxLineBytes;

    /// <remarks>
    /// <paramref name="cancellationToken"/> (fm's SIGINT or SIGTERM) stops sending but waits for the answers to the records
    /// already sent, so the checkpoint covers every chunk the broker stored and a rerun sends none of them again.
    /// </remarks>
    public Task SendAsync(string source, IReadOnlyList<LineChunk> chunks, string batchKey, Action<string> waiting, CancellationToken cancellationToken) =>
        (publisher ??= new RawLogPublisher(Options.Create(options), flowControl, waitTimeout))
            .PublishAsync(source, chunks.ToAsyncEnumerable(), null, CancellationToken.None, waiting, stopSending: cancellationToken);

    public void Dispose()
    {
        publisher?.Dispose();
        flowControl.Dispose();
    }
}
