using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using FaultMaven.Pipeline;
using FaultMaven.Testing.Kafka;
using FaultMaven.Worker.Sinks;
using Microsoft.Extensions.DependencyInjection;

namespace FaultMaven.Worker.Tests;

/// <summary>The sink's write pipelining against the dev broker: how many batches are written at once, and that offsets
/// are committed in order even when a later write finishes first.</summary>
public sealed class TopicSinkWritesInFlightTests(DevBrokerFixture broker) : IClassFixture<DevBrokerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_sink_whose_writes_commute_writes_the_next_batch_while_the_first_is_held_but_commits_neither_until_the_first_is_durable()
    {
        await using var sink = await HeldSinkAsync(writesCommute: true, records: 3);

        await sink.WaitUntil(() => sink.Started.Count == 2, "the second batch's write to start while the first is held");
        Assert.Equal(["r0", "r1"], sink.Started.Order());
        Assert.True(sink.Finished.Contains("r1"), $"the second write should have finished; finished: {string.Join(", ", sink.Finished)}");
        Assert.Equal(0, sink.CommittedOffset());

        sink.ReleaseFirst();
        await sink.WaitUntil(() => sink.CommittedOffset() == 3, "every record to be committed after the first write is released");
        Assert.Equal(["r0", "r1", "r2"], sink.Started.Order());
        // Never more than WritesInFlight. Exactly two only when r0's write began before r1's finished: decoding runs on
        // the thread pool, so r1 may be written whole before r0's write starts (and is held); either way r1 was stored
        // while r0 was not yet durable, which the waits above show.
        Assert.InRange(sink.MostAtOnce, 1, 2);
    }

    [Fact]
    public async Task A_sink_whose_writes_do_not_commute_writes_one_batch_at_a_time()
    {
        await using var sink = await HeldSinkAsync(writesCommute: false, records: 3);

        await sink.WaitUntil(() => sink.Started.Count == 1, "the first write to start");
        sink.ReleaseFirst();
        await sink.WaitUntil(() => sink.CommittedOffset() == 3, "every record to be committed");
        Assert.Equal(["r0", "r1", "r2"], sink.Started.ToArray());
        Assert.Equal(1, sink.MostAtOnce);
    }

    /// <summary>A sink on a fresh one-partition topic holding <paramref name="records"/> records, one record per batch,
    /// whose first write waits until <see cref="HeldSink.ReleaseFirst"/>.</summary>
    private async Task<HeldSink> HeldSinkAsync(bool writesCommute, int records)
    {
        var topic = broker.CreateTopic();
        await broker.Client.ProduceAsync(topic, Enumerable.Range(0, records).Select(i => $"r{i}"));
        var sink = new HeldSink(broker, topic, writesCommute);
        await sink.StartAsync();
        return sink;
    }

    private sealed class HeldSink : IAsyncDisposable
    {
        private readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly DevBrokerFixture broker;
        private readonly string topic;
        private readonly KafkaOptions kafka;
        private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly TopicSink<string> sink;
        private readonly Lock gate = new();
        private int atOnce;
        private int mostAtOnce;

        public HeldSink(DevBrokerFixture broker, string topic, bool writesCommute)
        {
            this.broker = broker;
            this.topic = topic;
            kafka = new KafkaOptions { BootstrapServers = broker.BootstrapServers, ApplicationId = $"sink-test-{Guid.NewGuid():N}" };
            var definition = new SinkDefinition<string>(
                "held",
                topic,
                record => [Encoding.UTF8.GetString(record)],
                WriteAsync,
                _ => null,
                writesCommute);
            sink = TestSinks.Create(definition, services, kafka, new SinkOptions { MaxBatchSize = 1, WritesInFlight = 2 });
        }

        public ConcurrentQueue<string> Started { get; } = new();

        public ConcurrentBag<string> Finished { get; } = [];

        public int MostAtOnce
        {
            get
            {
                lock (gate)
                {
                    return mostAtOnce;
                }
            }
        }

        public Task StartAsync() => sink.StartAsync(CancellationToken.None);

        public void ReleaseFirst() => first.TrySetResult();

        /// <summary>The group's committed position on the topic's only partition; 0 before its first commit.</summary>
        public long CommittedOffset()
        {
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(broker.Client.ConsumerConfig(ConsumerGroups.Sink(kafka, "held"))).Build();
            var committed = consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10)).Single().Offset;
            return committed.IsSpecial ? 0 : committed.Value;
        }

        public async Task WaitUntil(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"waited {Patience.TotalSeconds} s for {what}; started: [{string.Join(", ", Started)}], finished: [{string.Join(", ", Finished)}], committed offset {CommittedOffset()}, most at once {MostAtOnce}");
                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            ReleaseFirst();
            await sink.StopAsync(CancellationToken.None);
            sink.Dispose();
            await services.DisposeAsync();
        }

        private async Task WriteAsync(IServiceProvider provider, IReadOnlyList<string> items, CancellationToken token)
        {
            lock (gate)
            {
                mostAtOnce = Math.Max(mostAtOnce, ++atOnce);
            }

            try
            {
                var item = items.Single();
                Started.Enqueue(item);
                if (item == "r0")
                {
                    await first.Task.WaitAsync(token);
                }

                Finished.Add(item);
            }
            finally
            {
                lock (gate)
                {
                    atOnce--;
                }
            }
        }

    }
}
