using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>A second worker in the same consumer groups, with its own vector index file.</summary>
public sealed class TwoWorkerSystem : RunningSystem
{
    private readonly string secondIndex = Path.Combine(Path.GetTempPath(), $"faultmaven-second-worker-{Guid.NewGuid():N}.usearch");

    public ServiceProcess? SecondWorker { get; private set; }

    public string SecondWorkerUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var port = ServiceProcess.FreePort();
        SecondWorkerUrl = $"http://127.0.0.1:{port}";
        SecondWorker = StartWorkerProcess(port, new Dictionary<string, string> { ["FAULTMAVEN__VECTORSTORE__INDEXPATH"] = secondIndex });
        await SecondWorker.WaitUntilReady($"{SecondWorkerUrl}/readyz", TimeSpan.FromSeconds(120));
    }

    public override async Task DisposeAsync()
    {
        if (SecondWorker is not null)
        {
            await SecondWorker.DisposeAsync();
        }

        await base.DisposeAsync();
        File.Delete(secondIndex);
    }
}

public sealed class ScaleOutTests(TwoWorkerSystem system) : IClassFixture<TwoWorkerSystem>
{
    private const int Sources = 8;
    private const int LinesPerSource = 2_000;

    [Fact]
    public async Task Two_workers_in_one_consumer_group_split_the_partitions_and_store_every_line_exactly_once()
    {
        // Two sources on each partition, so that whichever partitions a worker is assigned, it has lines to store.
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = system.BootstrapServers, LingerMs = 5 }).Build())
        {
            for (var source = 0; source < Sources; source++)
            {
                var partition = new TopicPartition(Topics.Raw, source % RunningSystem.Partitions);
                var lines = Enumerable.Range(0, LinesPerSource).Select(i => $"2026-11-25 10:00:00 INFO source {source} line {i:D5} of the scale-out test");
                foreach (var chunk in lines.Chunk(250))
                {
                    producer.Produce(partition, new Message<string, string> { Key = $"scale-{source}", Value = string.Join('\n', chunk) });
                }
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        const int total = Sources * LinesPerSource;
        await system.Eventually($"{total} lines stored", async () => await Stored() >= total);

        Assert.Equal(total, await Stored());
        Assert.Equal(total, await system.CountRows("SELECT count(DISTINCT (source, message)) FROM logs WHERE source LIKE 'scale-%'"));
        var first = await LinesNormalizedBy(system.WorkerUrl("/metrics"));
        var second = await LinesNormalizedBy($"{system.SecondWorkerUrl}/metrics");
        Assert.True(first > 0 && second > 0, $"both workers should have normalized lines: first {first}, second {second}");
        Assert.True(first + second >= total, $"the workers normalized {first} + {second} lines of {total}");
    }

    private Task<long> Stored() => system.CountRows("SELECT count(*) FROM logs WHERE source LIKE 'scale-%'");

    /// <summary>The events a worker's normalize step produced, read from its Prometheus endpoint.</summary>
    private static async Task<long> LinesNormalizedBy(string metricsUrl)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(metricsUrl);
        var match = Regex.Match(text, @"^faultmaven_pipeline_records_total\{step=""normalize"",outcome=""produced""\} (\S+)$", RegexOptions.Multiline);
        return match.Success ? (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
