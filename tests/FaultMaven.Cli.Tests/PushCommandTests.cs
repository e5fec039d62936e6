using FaultMaven.Testing.Processes;
using FaultMaven.Cli;
using System.Text;
using FaultMaven.Cli.Push;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Testing.Kafka;

namespace FaultMaven.Cli.Tests;

public sealed class PushCommandTests(DevBrokerFixture broker) : IClassFixture<DevBrokerFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faultmaven-push-").FullName;

    [Fact]
    public async Task Pushing_a_file_puts_every_line_on_logs_raw_under_the_file_name()
    {
        var file = WriteLog("push-all.log", 5000);

        var result = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("pushed", result.Output);
        Assert.Equal(Lines(5000), await ConsumeLines("push-all", 5000));
    }

    [Fact]
    public async Task An_interrupted_push_resumes_after_the_acknowledged_bytes_without_resending_them()
    {
        var file = WriteLog("push-resume.log", 1000);
        var content = await File.ReadAllBytesAsync(file);
        var firstHalf = Array.LastIndexOf(content, (byte)'\n', content.Length / 2) + 1;
        var store = new PushCheckpointStore(State);
        store.Save(store.Load(file, Destination, "push-resume") with { Offset = firstHalf });

        var result = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);
        var again = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);

        Assert.True(result.ExitCode == 0, result.Output);
        var expected = Encoding.UTF8.GetString(content[firstHalf..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, await ConsumeLines("push-resume", expected.Length));
        Assert.Contains("pushed 0 bytes", again.Output);
        Assert.Contains($"already pushed to its end (checkpoint): {file}; --restart pushes it again", again.Output);
        Assert.DoesNotContain("already pushed", result.Output);
    }

    [Fact]
    public async Task A_push_writes_its_checkpoints_under_FAULTMAVEN_HOME_and_nothing_in_the_home_or_temporary_folder()
    {
        var file = WriteLog("push-home.log", 100);
        var faultMavenHome = Path.Combine(folder, "faultmaven-home");
        var userHome = Directory.CreateDirectory(Path.Combine(folder, "user-home")).FullName;
        var temporary = Directory.CreateDirectory(Path.Combine(folder, "tmp")).FullName;

        var result = FmCommand.Run(
            new Dictionary<string, string> { ["FAULTMAVEN_HOME"] = faultMavenHome, ["HOME"] = userHome, ["TMPDIR"] = temporary },
            "push", file, "--broker", broker.BootstrapServers);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(100, (await ConsumeLines("push-home", 100)).Count);
        Assert.Single(Directory.GetFiles(Path.Combine(faultMavenHome, "push"), "*.json"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(userHome, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporary, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_checkpoint_of_a_replaced_file_is_not_trusted()
    {
        var file = WriteLog("push-replaced.log", 10);
        var store = new PushCheckpointStore(State);
        store.Save(store.Load(file, Destination, "push-replaced") with { Offset = 100, Complete = true });
        await File.WriteAllTextAsync(file, "2026-11-25 10:00:00 INFO a different file\n");

        Assert.Equal(0, store.Load(file, Destination, "push-replaced").Offset);
    }

    [Fact]
    public void A_checkpoint_of_one_destination_or_source_is_not_used_for_another()
    {
        var file = WriteLog("push-elsewhere.log", 10);
        var store = new PushCheckpointStore(State);
        store.Save(store.Load(file, Destination, "push-elsewhere") with { Offset = 100, Complete = true });

        Assert.Equal(0, store.Load(file, "API https://127.0.0.1:5443/", "push-elsewhere").Offset);
        Assert.Equal(0, store.Load(file, "Kafka 127.0.0.1:1", "push-elsewhere").Offset);
        Assert.Equal(0, store.Load(file, Destination, "x2").Offset);
        Assert.True(store.Load(file, Destination, "push-elsewhere").Complete);
    }

    [Fact]
    public void A_source_name_over_the_limit_is_refused_before_anything_is_sent()
    {
        var file = WriteLog("push-long-source.log", 10);

        var result = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State, "--source", new string('s', SourceNames.MaxLength + 1));

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains($"--source is {SourceNames.MaxLength + 1} characters long; a source name has at most {SourceNames.MaxLength}", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(State) && Directory.EnumerateFiles(State).Any(), "a checkpoint was written");
    }

    [Fact]
    public async Task Pushing_a_pushed_file_again_under_another_source_sends_every_line_under_that_source()
    {
        var file = WriteLog("push-twice.log", 300);
        var first = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);

        var again = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State, "--source", "push-twice-x2");

        Assert.True(first.ExitCode == 0 && again.ExitCode == 0, first.Output + again.Output);
        Assert.DoesNotContain("already pushed", again.Output);
        Assert.Equal(Lines(300), await ConsumeLines("push-twice-x2", 300));
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_pushed_as_one_record_of_its_head_that_carries_its_length_and_counted_and_checkpointed_as_one_line()
    {
        var hugeLine = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("2026-11-25 10:00:00 INFO a very long line é ", 3 * 1024 * 1024 / 45)));
        byte[] content = [.. "start\n"u8, .. hugeLine, .. "\r\nend\n"u8];
        var file = Path.Combine(folder, "push-huge.log");
        await File.WriteAllBytesAsync(file, content);

        var result = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"pushed {content.Length} bytes, 3 lines,", result.Output);
        var records = await ConsumeRecords("push-huge", 3);
        Assert.Equal(["start\n", "end\n"], new[] { records[0], records[2] }.Select(record => Encoding.UTF8.GetString(record.Value)));
        var head = records[1];
        Assert.InRange(head.Value.Length, LineChunker.DefaultMaxLineBytes - 3, LineChunker.DefaultMaxLineBytes);
        Assert.Equal(hugeLine[..head.Value.Length], head.Value);
        Assert.Equal(hugeLine.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(head, RawLogPublisher.TruncatedHeader));
        Assert.All(new[] { records[0], records[2] }, record => Assert.Null(Header(record, RawLogPublisher.TruncatedHeader)));
        var checkpoint = new PushCheckpointStore(State).Load(file, Destination, "push-huge");
        Assert.Equal((content.Length, true), (checkpoint.Offset, checkpoint.Complete));
    }

    [Fact]
    public async Task Fm_push_cuts_lines_at_the_configured_limit_and_refuses_to_start_with_one_out_of_range()
    {
        var file = Path.Combine(folder, "push-limit.log");
        await File.WriteAllTextAsync(file, $"{new string('q', 5000)}\n");

        var cut = FmCommand.Run(new Dictionary<string, string> { ["FAULTMAVEN__INGESTION__MAXLINEBYTES"] = "2048" }, "push", file, "--broker", broker.BootstrapServers, "--state", State);
        var refused = FmCommand.Run(new Dictionary<string, string> { ["FAULTMAVEN__INGESTION__MAXLINEBYTES"] = "100" }, "push", file, "--broker", broker.BootstrapServers, "--state", State, "--restart");

        Assert.True(cut.ExitCode == 0, cut.Output);
        var head = Assert.Single(await ConsumeRecords("push-limit", 1));
        Assert.Equal((2048, "5000"), (head.Value.Length, Header(head, RawLogPublisher.TruncatedHeader)));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FaultMaven:Ingestion:MaxLineBytes must be between 1024 and 960000 (was 100)", refused.StandardError);
    }

    [Fact]
    public async Task A_push_stopped_part_way_through_a_batch_resumes_after_the_records_the_broker_stored()
    {
        var file = Path.Combine(folder, "push-partial.log");
        await File.WriteAllTextAsync(file, $"start\n{new string('y', 100_000)}\nend\n");
        // A producer that refuses records over 20 kB: the first record (start) is stored, the second is refused.
        var small = new Dictionary<string, string> { ["FAULTMAVEN__KAFKA__CLIENT__message.max.bytes"] = "20000" };

        var refused = FmCommand.Run(small, "push", file, "--broker", broker.BootstrapServers, "--state", State);
        var retried = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);

        Assert.True(refused.ExitCode != 0 && retried.ExitCode == 0, refused.Output + retried.Output);
        Assert.Contains("stopped after 1 of 3 records", refused.StandardError);
        Assert.Equal(["end", "start", new string('y', LineChunker.DefaultMaxLineBytes)], await ConsumeLines("push-partial", 3));
    }

    // SIGTERM only: a suite started in the background of a non-interactive shell (as CI and `scripts/test.sh &` run)
    // hands its children SIGINT ignored, so a SIGINT test would pass or fail by how it was started; fm's handler is one for both.
    [Theory]
    [InlineData("TERM")]
    public async Task A_push_stopped_by_a_signal_keeps_what_the_broker_stored_so_a_rerun_sends_every_line_exactly_once(string signal)
    {
        using var push = new SlowBrokerPush(WriteLog($"push-signal-{signal.ToLowerInvariant()}.log", SlowBrokerPush.Lines), State);
        // Slow answers keep a batch in flight when the signal comes, however slowly a loaded machine delivers it: the first
        // checkpoint is saved after the first batch of 16 records, a batch takes at least a second, and the file is eight.
        var stopped = push.Stop(signal, TimeSpan.FromSeconds(1), checkpoint => checkpoint.Offset > 0);

        var rerun = push.Rerun();

        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.DoesNotContain("pushed 0 bytes", rerun.Output);
        Assert.Equal(Lines(SlowBrokerPush.Lines), await ConsumeLines(push.Source, SlowBrokerPush.Lines, push.Broker));
        Assert.True(stopped.ExitCode == CliErrors.Interrupted, $"exit {stopped.ExitCode}:\n{stopped.Output}");
        Assert.Contains("interrupted: ", stopped.StandardError);
        Assert.Contains("the same command resumes after it", stopped.StandardError);
    }

    [Fact]
    public async Task A_push_killed_while_the_broker_held_part_of_its_batch_unanswered_stores_every_line_once_when_run_again()
    {
        using var push = new SlowBrokerPush(WriteLog("push-sigkill.log", SlowBrokerPush.Lines), State);
        // The broker stores a record when it arrives and answers 2 s later. fm saves a batch in its checkpoint just before
        // sending it, so half a second after that save its records are stored and certainly not yet answered.
        var killed = push.Stop("KILL", TimeSpan.FromSeconds(2), checkpoint =>
            checkpoint is { Offset: > 0, Batch.SentAt: { } sentAt } && DateTimeOffset.UtcNow - sentAt > TimeSpan.FromMilliseconds(500));
        var acknowledged = push.Checkpoint.Offset;
        var unanswered = RecordsOnRaw(push.Broker) - await Records(new MemoryStream((await File.ReadAllBytesAsync(push.File))[..(int)acknowledged]));
        Assert.True(killed.ExitCode == 137, $"exit {killed.ExitCode}:\n{killed.Output}");

        var rerun = push.Rerun();

        Assert.True(unanswered > 0, $"the kill came before the broker stored a record past the checkpoint ({acknowledged} bytes acknowledged): nothing to resend twice");
        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.Equal(Lines(SlowBrokerPush.Lines), await ConsumeLines(push.Source, SlowBrokerPush.Lines, push.Broker));
        Assert.Equal(await Records(File.OpenRead(push.File)), RecordsOnRaw(push.Broker));
    }

    [Fact]
    public async Task Standard_input_is_pushed_through_dev_stdin_from_its_start_without_a_checkpoint()
    {
        var result = FmCommand.Run(
            new Dictionary<string, string>(),
            new FmRunOptions(StandardInput: Encoding.UTF8.GetBytes("2026-11-25 10:00:00 INFO a\n2026-11-25 10:00:00 INFO b\n")),
            "push", "/dev/stdin", "--source", "push-stdin", "--broker", broker.BootstrapServers, "--state", State);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["2026-11-25 10:00:00 INFO a", "2026-11-25 10:00:00 INFO b"], await ConsumeLines("push-stdin", 2));
        Assert.False(Directory.Exists(State) && Directory.EnumerateFiles(State).Any(), "a checkpoint of standard input");
    }

    [Fact]
    public void A_lone_dash_is_refused_with_the_name_that_reads_standard_input()
    {
        var result = Fm("push", "-", "--broker", broker.BootstrapServers);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("/dev/stdin", result.StandardError);
    }

    [Fact]
    public void A_push_to_an_unreachable_broker_waits_for_it_then_gives_up_after_the_wait_timeout_naming_it()
    {
        var file = WriteLog("push-unreachable.log", 10);
        var unreachable = $"127.0.0.1:{ClosedPort()}";

        var result = FmCommand.Run(
            new Dictionary<string, string>(), new FmRunOptions(KillAfter: TimeSpan.FromMinutes(3)),
            "push", file, "--broker", unreachable, "--state", State, "--wait-timeout", "10");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains($"cannot reach the broker at {unreachable} (", result.StandardError);
        Assert.Contains("waiting for it", result.StandardError);
        Assert.Contains($"error: pushing {file} to Kafka {unreachable} failed", result.StandardError);
        Assert.DoesNotContain("waiting for the pipeline", result.StandardError);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var result = Fm("push", Path.Combine(folder, "nope.log"), "--broker", broker.BootstrapServers);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("error: input file not found:", result.StandardError);
        Assert.Contains("nope.log", result.StandardError);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string State => Path.Combine(folder, "state");

    private string Destination => $"Kafka {broker.BootstrapServers}";

    /// <summary>A port nothing listens on: one the system just gave out and that was closed again.</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IEnumerable<string> Lines(int count) => Enumerable.Range(0, count).Select(i => $"2026-11-25 10:00:00 INFO pushed line {i:D6}");

    private string WriteLog(string name, int lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, Lines(lines));
        return path;
    }

    private async Task<List<string>> ConsumeLines(string source, int expectedLines, DevBrokerFixture? from = null)
    {
        var lines = new List<string>();
        Consume(source, record => lines.AddRange(Encoding.UTF8.GetString(record.Value).Split('\n', StringSplitOptions.RemoveEmptyEntries)), () => lines.Count >= expectedLines, from);
        return lines.OrderBy(l => l, StringComparer.Ordinal).ToList();
    }

    /// <summary>The first <paramref name="count"/> records of <paramref name="source"/> in the order stored (one source is one partition).</summary>
    private async Task<List<Confluent.Kafka.Message<string, byte[]>>> ConsumeRecords(string source, int count)
    {
        var records = new List<Confluent.Kafka.Message<string, byte[]>>();
        Consume(source, records.Add, () => records.Count >= count);
        return records;
    }

    private static string? Header(Confluent.Kafka.Message<string, byte[]> record, string key) =>
        record.Headers.TryGetLastBytes(key, out var value) ? Encoding.ASCII.GetString(value) : null;

    private void Consume(string source, Action<Confluent.Kafka.Message<string, byte[]>> add, Func<bool> complete, DevBrokerFixture? from = null)
    {
        using var consumer = new Confluent.Kafka.ConsumerBuilder<string, byte[]>((from ?? broker).Client.ConsumerConfig($"push-test-{Guid.NewGuid():N}")).Build();
        consumer.Subscribe(Topics.Raw);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!complete() && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } record && record.Message.Key == source)
            {
                add(record.Message);
            }
        }

        consumer.Close();
    }

    /// <summary>How many records fm push makes of <paramref name="lines"/>.</summary>
    private static Task<int> Records(Stream lines) =>
        LineChunker.ChunksAsync(lines, maxLineBytes: null).CountAsync().AsTask();

    /// <summary>How many records <paramref name="on"/> holds on logs.raw, all partitions together.</summary>
    private static long RecordsOnRaw(DevBrokerFixture on)
    {
        var timeout = TimeSpan.FromSeconds(30);
        using var consumer = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>(on.Client.ConsumerConfig($"push-test-{Guid.NewGuid():N}")).Build();
        using var metadata = new Confluent.Kafka.DependentAdminClientBuilder(consumer.Handle).Build();
        return metadata.GetMetadata(Topics.Raw, timeout).Topics.Single().Partitions
            .Sum(partition => consumer.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(Topics.Raw, partition.PartitionId), timeout).High.Value);
    }

    private static FmResult Fm(params string[] arguments) => FmCommand.Run(new Dictionary<string, string>(), arguments);
}

/// <summary>
/// A push of <see cref="Lines"/> lines to a broker of its own whose answers come late, stopped by a signal part way, then
/// run again. Its own broker: no worker reads logs.raw in these tests, so the file's 126 records would count against
/// the flow-control limit (64 per partition) of every later push to the shared one; flow control is off for the same reason.
/// </summary>
internal sealed class SlowBrokerPush(string file, string state) : IDisposable
{
    public const int Lines = 200_000;

    private static readonly Dictionary<string, string> Unlimited = new() { ["FAULTMAVEN__INGESTION__FLOWCONTROL__ENABLED"] = "false" };
    private readonly PushCheckpointStore checkpoints = new(state);

    public DevBrokerFixture Broker { get; } = new();

    public string File => file;

    public string Source => Path.GetFileNameWithoutExtension(file);

    public PushCheckpoint Checkpoint => checkpoints.Load(file, $"Kafka {Broker.BootstrapServers}", Source);

    /// <summary>Runs fm push with every answer <paramref name="roundTrip"/> late and sends <paramref name="signal"/> once <paramref name="when"/> holds.</summary>
    public FmResult Stop(string signal, TimeSpan roundTrip, Func<PushCheckpoint, bool> when)
    {
        Broker.SetRoundTripTime(roundTrip);
        try
        {
            return FmCommand.Run(Unlimited, new FmRunOptions(KillAfter: TimeSpan.FromMinutes(3), Signal: new FmSignal(signal, () => when(Checkpoint))), Arguments);
        }
        finally
        {
            Broker.SetRoundTripTime(TimeSpan.Zero);
        }
    }

    public FmResult Rerun() => FmCommand.Run(Unlimited, new FmRunOptions(KillAfter: TimeSpan.FromMinutes(3)), Arguments);

    public void Dispose() => Broker.Dispose();

    private string[] Arguments => ["push", file, "--broker", Broker.BootstrapServers, "--state", state];
}
