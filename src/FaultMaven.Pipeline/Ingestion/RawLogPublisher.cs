using System.Text;
using Confluent.Kafka;
using FaultMaven.Contracts;
using Microsoft.Extensions.Options;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>How much one publish put onto logs.raw.</summary>
public sealed record PublishReceipt(long Records, long Bytes);

/// <summary>Puts raw log bytes onto <c>logs.raw</c>, keyed by source, and returns once the broker has acknowledged all of them.</summary>
public sealed class RawLogPublisher(IOptions<KafkaOptions> options) : IDisposable
{
    private readonly IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(options.Value)).Build();

    public async Task<PublishReceipt> PublishAsync(string source, IAsyncEnumerable<byte[]> chunks, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var pending = new List<Task<DeliveryResult<string, byte[]>>>();
        long bytes = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            pending.Add(producer.ProduceAsync(Topics.Raw, Message(source, chunk, headers), cancellationToken));
            bytes += chunk.Length;
        }

        await Task.WhenAll(pending);
        return new PublishReceipt(pending.Count, bytes);
    }

    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
    }

    private static Message<string, byte[]> Message(string source, byte[] value, IReadOnlyDictionary<string, string>? headers)
    {
        var message = new Message<string, byte[]> { Key = source, Value = value };
        if (headers is { Count: > 0 })
        {
            message.Headers = [];
            foreach (var (key, headerValue) in headers)
            {
                message.Headers.Add(key, Encoding.UTF8.GetBytes(headerValue));
            }
        }

        return message;
    }
}
