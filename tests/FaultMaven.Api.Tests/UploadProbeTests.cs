using System.Text;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Testing.Kafka;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Tests;

/// <summary>
/// <see cref="UploadProbe"/> on the dev broker, which answers every look-up of an offset by time with "end" (librdkafka's
/// mock cluster does not implement it): an upload whose first record went unanswered has no acknowledged offset to read
/// from, only the time it started.
/// </summary>
public sealed class UploadProbeTests(DevBrokerFixture broker) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public async Task The_chunks_of_an_upload_are_found_by_the_time_it_started_on_a_broker_that_cannot_look_offsets_up_by_time()
    {
        var startedAt = DateTimeOffset.UtcNow;
        await Produce([("upload-a:0", "first"), ("other:0", "another upload's"), ("upload-a:2", "third")]);

        var found = await Probe().FindStoredAsync("upload-a", partition: null, from: null, startedAt - TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal([0, 2], found.Order());
    }

    [Fact]
    public async Task Records_older_than_the_upload_are_not_read_when_the_newest_record_is_older_still()
    {
        await Produce([("upload-b:0", "stored before the upload started")]);

        var found = await Probe().FindStoredAsync("upload-b", partition: null, from: null, DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Empty(found);
    }

    private UploadProbe Probe() => new(Options.Create(new KafkaOptions { BootstrapServers = broker.BootstrapServers }));

    private async Task Produce(IEnumerable<(string Mark, string Line)> records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(broker.Client.ProducerConfig()).Build();
        foreach (var (mark, line) in records)
        {
            await producer.ProduceAsync(Topics.Raw, new Message<string, byte[]>
            {
                Key = "probe-source",
                Value = Encoding.UTF8.GetBytes(line + "\n"),
                Headers = new Headers { { RawLogPublisher.ChunkHeader, Encoding.UTF8.GetBytes(mark) } },
            });
        }
    }
}
