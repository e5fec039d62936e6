using Confluent.Kafka;
using FaultMaven.Contracts;

namespace FaultMaven.EndToEnd.Tests;

[Collection(SharedSystemCollection.Name)]
public sealed class PartitionRoutingTests(RunningSystem system)
{
    private const int LinesPerSource = 30;

    /// <summary>
    /// The normalized limit of flow control counts a partition's raw lag against the normalized partition of the same
    /// number (AdmissionPolicy): this checks that premise on the real worker and broker. The raw records are put on
    /// partitions chosen here, not by key, so that routing by key could not pass by chance.
    /// </summary>
    [Fact]
    public async Task Each_normalized_batch_is_on_the_partition_of_the_raw_record_it_came_from()
    {
        var sources = Enumerable.Range(0, RunningSystem.Partitions).ToDictionary(partition => $"routed-{partition}", partition => (partition + 1) % RunningSystem.Partitions);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = system.BootstrapServers }).Build())
        {
            foreach (var (source, partition) in sources)
            {
                for (var i = 0; i < LinesPerSource; i++)
                {
                    producer.Produce(new TopicPartition(Topics.Raw, partition), new Message<string, string> { Key = source, Value = $"2026-11-25 10:00:00 INFO routed line {i} of {source}" });
                }
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        foreach (var source in sources.Keys)
        {
            await system.WaitForCount($"{LinesPerSource} lines of {source} stored", () => system.StoredLines(source), LinesPerSource);
        }

        var seen = NormalizedTopic.Events(system.BootstrapServers, e => sources.ContainsKey(e.Source));

        Assert.Equal(sources.Count * LinesPerSource, seen.Count);
        Assert.All(seen, e => Assert.True(
            e.Partition == e.Event.Raw.Partition && e.Event.Raw.Partition == sources[e.Event.Source],
            $"{e.Event.Source}: raw partition {e.Event.Raw.Partition}, normalized partition {e.Partition}"));
    }
}
