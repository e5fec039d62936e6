using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

public sealed class LostRecordTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    /// <summary>
    /// Records of about 1 KiB sent uncompressed, as kcat sends them: the dev broker keeps some 5,000 of them per partition
    /// (its 5 MiB are counted on the batches as sent). Compressible text, so that the worker's own lz4-compressed
    /// logs.normalized stays far below that limit while the logs sink catches up.
    /// </summary>
    private const int RecordsPerPartition = 12_000;

    private static readonly int[] LossyPartitions = [0, 2];

    [Fact]
    public async Task Records_the_broker_dropped_before_the_worker_read_them_become_one_dead_letter_per_gap_stored_once_and_fm_status_reports_them_after_it_read_past()
    {
        await system.Worker!.Kill();
        foreach (var partition in LossyPartitions)
        {
            ProduceBeyondRetention($"lost-p{partition}", partition);
        }

        var lost = PipelineProbe.Lag(system.BootstrapServers).Partitions.Where(p => p.Lost > 0).ToList();
        Assert.Equal(LossyPartitions.Select(partition => (Topics.Raw, partition)), lost.Select(p => (p.Topic, p.Partition)));
        Assert.All(lost, p => Assert.InRange(p.Lost, 1, RecordsPerPartition - 1));
        var lostRecords = lost.Sum(p => p.Lost);
        var unread = Status();
        Assert.True(unread.ExitCode == 0, unread.Output);
        Assert.All(lost, p => Assert.Contains($"lost {p.Lost} records on {p}: the broker dropped offsets 0..{p.Low - 1}", unread.Output));

        await system.StartWorker();
        await system.Eventually(
            "every produced record stored as a row or counted in a dead letter",
            async () => (await LineAccounting.ReadAsync(system.Database, system.Cipher)).Accounted == LossyPartitions.Length * RecordsPerPartition);
        await system.WaitUntilCaughtUp();

        // One dead letter per gap, at the gap's last offset, standing for every record the broker dropped there.
        var expected = lost.Select(p => (Topics.Raw, p.Partition, p.Low - 1, p.Lost)).ToList();
        Assert.Equal(expected, await BrokerDeadLetters());
        var accounting = await LineAccounting.ReadAsync(system.Database, system.Cipher);
        Assert.True(accounting.Rows + accounting.DeadLetterLines == LossyPartitions.Length * RecordsPerPartition, accounting.ToString());
        Assert.Equal(new Dictionary<string, long> { [DeadLetter.BrokerStep] = LossyPartitions.Length }, accounting.DeadLettersByStep);
        Assert.Equal(lostRecords, await PipelineProbe.WorkerCounter(system, "faultmaven_offset_gap_records_total", $"topic=\"{Topics.Raw}\""));
        Assert.Contains("records missing before offset", system.Worker!.Output);

        var readPast = Status();
        Assert.True(readPast.ExitCode == 0, readPast.Output);
        Assert.DoesNotContain("records on logs.raw/", readPast.Output);
        Assert.Contains($"lost to the broker: {lostRecords} records of {Topics.Raw} in {LossyPartitions.Length} gaps", readPast.Output);
        Assert.Contains($"caught up; {lostRecords} records lost to the broker before", readPast.Text);

        // As a worker stopped after storing the gaps and before committing past them: replayed from the start of logs.raw,
        // it finds the same gaps again and stores nothing new.
        await system.Worker!.Kill();
        RewindNormalizeToStart();
        await system.StartWorker();
        await system.Eventually(
            "the restarted worker read past the gaps again",
            async () => await PipelineProbe.WorkerCounter(system, "faultmaven_offset_gap_records_total", $"topic=\"{Topics.Raw}\"") == lostRecords);
        await system.WaitUntilCaughtUp();

        Assert.Equal(expected, await BrokerDeadLetters());
        var replayed = await LineAccounting.ReadAsync(system.Database, system.Cipher);
        Assert.True(replayed.Accounted == LossyPartitions.Length * RecordsPerPartition, replayed.ToString());
    }

    /// <summary>Distinct lines of about 1 KiB, sent uncompressed to one partition while no worker reads, so the broker drops the oldest.</summary>
    private void ProduceBeyondRetention(string source, int partition)
    {
        var filler = string.Concat(Enumerable.Repeat("connection pool sampled ", 40));
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = system.BootstrapServers, CompressionType = CompressionType.None, LingerMs = 5 }).Build();
        for (var i = 0; i < RecordsPerPartition; i++)
        {
            producer.Produce(
                new TopicPartition(Topics.Raw, partition),
                new Message<string, string> { Key = source, Value = $"2026-11-25 10:00:00 INFO {source} record {i:D6} {filler}" });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
    }

    /// <summary>The stored gaps: topic, partition, last offset and records of every dead letter of step broker.</summary>
    private async Task<List<(string Topic, int Partition, long Last, long Records)>> BrokerDeadLetters()
    {
        await using var command = system.Database.CreateCommand(
            "SELECT raw_topic, raw_partition, raw_offset, records FROM dead_letters WHERE step = $1 ORDER BY raw_topic, raw_partition, raw_offset");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = DeadLetter.BrokerStep });
        await using var reader = await command.ExecuteReaderAsync();
        var gaps = new List<(string, int, long, long)>();
        while (await reader.ReadAsync())
        {
            gaps.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return gaps;
    }

    /// <summary>Commits offset 0 for the normalize step's group (Streamiz's) on every partition of logs.raw; the worker must be stopped.</summary>
    private void RewindNormalizeToStart()
    {
        var kafka = new KafkaOptions { BootstrapServers = system.BootstrapServers };
        using var admin = new AdminClientBuilder(KafkaClients.Admin(kafka)).Build();
        var (group, topic) = ConsumerGroups.All(kafka).Single(g => g.Topic == Topics.Raw);
        KafkaCluster.RewindToStart(admin, kafka, group, topic, TimeSpan.FromSeconds(60));
    }

    private FmResult Status() => FmCommand.Run(
        new Dictionary<string, string>
        {
            ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = system.DatabaseConnectionString,
            ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = system.BootstrapServers,
            ["COLUMNS"] = "200",
        },
        "status");
}
