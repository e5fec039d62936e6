using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Storage;
using FaultMaven.Testing.Kafka;
using FaultMaven.Testing.Postgres;
using FaultMaven.Worker.Sinks;
using Microsoft.Extensions.DependencyInjection;

namespace FaultMaven.Worker.Tests;

/// <summary>A sink that finds records the broker dropped before it read them, against the dev broker and PostgreSQL.</summary>
public sealed class TopicSinkGapTests(DevBrokerFixture broker, PostgresFixture postgres) : IClassFixture<DevBrokerFixture>, IClassFixture<PostgresFixture>
{
    /// <summary>Uncompressed records of about 1 KiB: the dev broker keeps some 5,000 of them on a partition.</summary>
    private const int Records = 12_000;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Records_the_broker_dropped_before_a_sink_read_them_are_one_dead_letter_stored_before_its_first_commit_and_once_when_read_again()
    {
        var topic = broker.CreateTopic();
        await broker.Client.ProduceAsync(topic, Enumerable.Range(0, Records).Select(i => $"record {i:D6} {new string('x', 1000)}"));
        var low = LowWatermark(topic);
        Assert.InRange(low, 1, Records - 1);

        var written = new ConcurrentBag<string>();
        await RunUntilCommitted(topic, "first", written, async () =>
            Assert.Equal([(low - 1, low)], await BrokerDeadLetters(topic)));

        Assert.Equal(Records - low, written.Count);
        var gap = Assert.Single((await Repository().ListAsync(new DeadLetterQuery { Step = DeadLetter.BrokerStep, Limit = PagedQuery.MaxLimit })).Items, d => d.DeadLetter.Raw.Topic == topic).DeadLetter;
        Assert.Equal($"{OffsetGap.Kind}: the broker dropped {low} records (offsets 0..{low - 1} of {topic}/0) before sink-lossy read them", gap.Reason);

        // Another group reads the topic from its start, as the same group would after a restart before its first commit.
        await RunUntilCommitted(topic, "second", [], () => Task.CompletedTask);
        Assert.Equal([(low - 1, low)], await BrokerDeadLetters(topic));
    }

    /// <summary>
    /// Runs a sink of <paramref name="topic"/> as group <paramref name="application"/> until it has committed every record;
    /// <paramref name="atFirstCommit"/> runs as soon as it has committed anything.
    /// </summary>
    private async Task RunUntilCommitted(string topic, string application, ConcurrentBag<string> written, Func<Task> atFirstCommit)
    {
        var kafka = new KafkaOptions { BootstrapServers = broker.BootstrapServers, ApplicationId = $"{application}-{Guid.NewGuid():N}" };
        await using var services = new ServiceCollection().AddMetrics().AddSingleton(Repository()).BuildServiceProvider();
        var definition = new SinkDefinition<string>(
            "lossy",
            topic,
            record => [Encoding.UTF8.GetString(record)],
            (_, items, _) =>
            {
                foreach (var item in items)
                {
                    written.Add(item);
                }

                return Task.CompletedTask;
            },
            _ => null);
        using var sink = TestSinks.Create(definition, services, kafka, new SinkOptions());
        await sink.StartAsync(CancellationToken.None);
        var group = ConsumerGroups.Sink(kafka, definition.Name);
        await WaitFor(() => Committed(topic, group) > 0, "the sink's first commit");
        await atFirstCommit();
        await WaitFor(() => Committed(topic, group) == Records, "the sink to commit every record");
        await sink.StopAsync(CancellationToken.None);
    }

    private DeadLetterRepository Repository() => new(postgres.DataSource, TestCipher.Instance);

    private async Task<List<(long Last, long Records)>> BrokerDeadLetters(string topic)
    {
        await using var command = postgres.DataSource.CreateCommand("SELECT raw_offset, records FROM dead_letters WHERE step = $1 AND raw_topic = $2 ORDER BY raw_offset");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = DeadLetter.BrokerStep });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = topic });
        await using var reader = await command.ExecuteReaderAsync();
        var gaps = new List<(long, long)>();
        while (await reader.ReadAsync())
        {
            gaps.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return gaps;
    }

    private long LowWatermark(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(broker.Client.ConsumerConfig($"watermarks-{Guid.NewGuid():N}")).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).Low.Value;
    }

    private long Committed(string topic, string group)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(broker.Client.ConsumerConfig(group)).Build();
        var committed = consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10)).Single().Offset;
        return committed.IsSpecial ? 0 : committed.Value;
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Patience.TotalSeconds} s for {what}");
            await Task.Delay(50);
        }
    }
}
