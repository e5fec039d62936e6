using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

public sealed class LostRecordTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    /// <summary>Uncompressed records of 512 KiB: the dev broker keeps about ten of them per partition.</summary>
    private const int RecordBytes = 512 * 1024;

    private const int Records = 24;

    [Fact]
    public async Task Records_the_broker_dropped_before_the_worker_first_read_them_are_counted_once_and_fm_status_reports_them()
    {
        await system.Worker!.Kill();
        ProduceBeyondRetention("lost-before-first");
        var lost = Assert.Single(PipelineProbe.Lag(system.BootstrapServers).Partitions, p => p.Lost > 0);
        Assert.Equal(Topics.Raw, lost.Topic);
        Assert.InRange(lost.Lost, 1, Records - 1);

        var status = Status();

        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains($"lost {lost.Lost} records on {lost}: the broker dropped offsets 0..{lost.Low - 1}", status.Output);

        await system.StartWorker();
        await system.Eventually(
            "the worker read every kept record",
            () => Task.FromResult(PipelineProbe.Lag(system.BootstrapServers).Partitions.Single(p => p.Group == lost.Group && p.Partition == lost.Partition) is { Lag: 0, Lost: 0 }));
        await system.Eventually(
            "the kept records stored",
            async () => await PipelineProbe.Accounted(system, "lost-before-first") == Records - lost.Lost);
        Assert.Equal(lost.Lost, await PipelineProbe.WorkerCounter(system, "faultmaven_offset_gap_records_total", $"topic=\"{Topics.Raw}\""));
        Assert.Equal(lost.Lost, await PipelineProbe.WorkerCounter(system, "faultmaven_offset_gap_records_total", ""));
        Assert.Contains("records missing before offset", system.Worker!.Output);
    }

    /// <summary>One long line per record, sent uncompressed while no worker reads, so the broker drops the oldest.</summary>
    private void ProduceBeyondRetention(string source)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = system.BootstrapServers, LingerMs = 0, MessageMaxBytes = 2 * RecordBytes }).Build();
        for (var i = 0; i < Records; i++)
        {
            var line = $"2026-11-25 10:00:00 INFO {source} record {i:D2} {Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(RecordBytes / 2))}";
            producer.Produce(Topics.Raw, new Message<string, byte[]> { Key = source, Value = System.Text.Encoding.UTF8.GetBytes(line[..RecordBytes]) });
            producer.Flush(TimeSpan.FromSeconds(10));
        }
    }

    private FmResult Status() => FmCommand.Run(
        new Dictionary<string, string>
        {
            ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = system.DatabaseConnectionString,
            ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = system.BootstrapServers,
        },
        "status");
}
