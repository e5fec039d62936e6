using Confluent.Kafka;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Options;

namespace FaultMaven.Cli.Push;

/// <summary>Produces to logs.raw directly, admitted by <see cref="FlowControl"/> like the API's ingestion.</summary>
/// <param name="waitTimeout">How long a chunk may wait for admission or for the broker's acknowledgement before the push stops.</param>
/// <param name="maxLineBytes">The longest line put into a record whole (<c>FaultMaven:Ingestion:MaxLineBytes</c>, as the API's).</param>
public sealed class KafkaRawLogSink(KafkaOptions options, FlowControlOptions flowControlOptions, TimeSpan waitTimeout, int maxLineBytes) : IRawLogSink
{
    /// <summary>
    /// How much earlier than the batch's <see cref="PushBatch.SentAt"/> a resend looks for its records: their timestamps
    /// are the producer's clock (Kafka's <c>CreateTime</c>), or the broker's on a topic set to <c>LogAppendTime</c>.
    /// </summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly FlowControl flowControl = new(Options.Create(options), Options.Create(flowControlOptions), TimeProvider.System);
    private RawLogPublisher? publisher;

    public string Description => $"Kafka {options.BootstrapServers}";

    public int? MaxLineBytes => maxLineBytes;

    /// <remarks>
    /// Every record carries the batch's key and its index in the batch (<see cref="RawLogPublisher.ChunkHeader"/>), so
    /// that a resend after the push was killed (even by SIGKILL, with records stored and not yet acknowledged) first
    /// reads logs.raw back from shortly before the batch was first sent and leaves out the records already there.
    /// <paramref name="cancellationToken"/> (fm's SIGINT or SIGTERM) stops sending but waits for the answers to the records
    /// already sent, so the checkpoint covers every chunk the broker stored and a rerun sends none of them again.
    /// </remarks>
    /// <exception cref="CliException">A resend could not read logs.raw back within the wait timeout.</exception>
    public async Task SendAsync(string source, IReadOnlyList<LineChunk> chunks, PushBatch batch, bool resend, Action<string> waiting, CancellationToken cancellationToken)
    {
        publisher ??= new RawLogPublisher(Options.Create(options), flowControl, waitTimeout);
        var stored = resend ? await StoredAsync(batch, cancellationToken) : new HashSet<int>();
        await publisher.PublishAsync(source, chunks.ToAsyncEnumerable(), null, CancellationToken.None, waiting, new UploadMarks(batch.Key, stored), stopSending: cancellationToken);
    }

    public void Dispose()
    {
        publisher?.Dispose();
        flowControl.Dispose();
    }

    private async Task<IReadOnlySet<int>> StoredAsync(PushBatch batch, CancellationToken cancellationToken)
    {
        var since = batch.SentAt is { } sentAt ? sentAt - ClockSkew : DateTimeOffset.UnixEpoch;
        try
        {
            return await new UploadProbe(Options.Create(options)).FindStoredAsync(batch.Key, partition: null, from: null, since, waitTimeout, cancellationToken);
        }
        catch (KafkaException exception)
        {
            throw new CliException(
                $"cannot tell which records of the batch in flight when the last push stopped the broker stored ({exception.Error.Reason}); " +
                "run the same command again when the broker answers", exception);
        }
    }
}
