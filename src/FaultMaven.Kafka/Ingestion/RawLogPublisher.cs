using System.Text;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Tracing;
using Microsoft.Extensions.Options;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>How much one publish put onto logs.raw: non-blank lines, Kafka records (chunks of lines) and bytes.</summary>
public sealed record PublishReceipt(long Lines, long Records, long Bytes);

/// <summary>
/// Puts raw log bytes onto <c>logs.raw</c>, keyed by source, and returns once the broker has acknowledged all of them.
/// Each record waits for admission by <see cref="FlowControl"/>, so a publish slows to the pipeline's pace instead of
/// outrunning the broker's retention.
/// </summary>
public sealed class RawLogPublisher(IOptions<KafkaOptions> options, FlowControl flowControl) : IDisposable
{
    private readonly IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(options.Value)).Build();

    /// <param name="waiting">Hears why the publish is waiting, each time it has to wait for the pipeline to catch up.</param>
    public async Task<PublishReceipt> PublishAsync(string source, IAsyncEnumerable<byte[]> chunks, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken, Action<string>? waiting = null)
    {
        using var activity = KafkaTraceContext.StartPublish(Topics.Raw, source);
        var pending = new List<Task>();
        long bytes = 0;
        long lines = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            await flowControl.AdmitAsync(1, waiting, cancellationToken);
            pending.Add(Produce(Message(source, chunk, headers, activity), cancellationToken));
            bytes += chunk.Length;
            lines += LineChunker.CountLines(chunk);
        }

        await Task.WhenAll(pending);
        activity?.SetTag("messaging.batch.message_count", pending.Count);
        return new PublishReceipt(lines, pending.Count, bytes);
    }

    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
    }

    private async Task Produce(Message<string, byte[]> message, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceAsync(Topics.Raw, message, cancellationToken);
        }
        finally
        {
            flowControl.Settled(1);
        }
    }

    private static Message<string, byte[]> Message(string source, byte[] value, IReadOnlyDictionary<string, string>? headers, System.Diagnostics.Activity? activity)
    {
        var message = new Message<string, byte[]> { Key = source, Value = value, Headers = [] };
        KafkaTraceContext.Inject(activity, message.Headers);
        if (headers is { Count: > 0 })
        {
            foreach (var (key, headerValue) in headers)
            {
                message.Headers.Add(key, Encoding.UTF8.GetBytes(headerValue));
            }
        }

        return message;
    }
}
