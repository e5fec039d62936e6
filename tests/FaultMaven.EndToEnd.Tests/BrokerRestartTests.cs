using System.Diagnostics;
using System.Globalization;
using System.Net;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Testing;
using FaultMaven.Testing.Processes;
using FaultMaven.Worker;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>The system with the dev broker as its own process (faultmaven-devbroker, as scripts/run.sh starts it) on a
/// fixed port, so it can be killed and started again while the worker keeps running: the new broker has none of the old
/// records, and its offsets start again at 0.</summary>
public sealed class RestartableBrokerSystem : RunningSystem
{
    private readonly int port = ServiceProcess.FreePort();
    private readonly string bootstrapFile = Path.Combine(Path.GetTempPath(), $"faultmaven-broker-{Guid.NewGuid():N}.bootstrap");
    private readonly string epochFile = Path.Combine(Path.GetTempPath(), $"faultmaven-broker-{Guid.NewGuid():N}.epoch");

    public ServiceProcess? Broker { get; private set; }

    /// <summary>Kills the broker, as a crash would, and starts a new one on the same port with the same topics, empty.</summary>
    public async Task RestartBroker()
    {
        await KillBroker();
        await StartBrokerAgain();
    }

    /// <summary>Kills the broker, as a crash would; nothing listens on its port until <see cref="StartBrokerAgain"/>.</summary>
    public Task KillBroker() => Broker!.Kill();

    /// <summary>A new, empty broker on the same port with the same topics.</summary>
    public Task StartBrokerAgain() => StartBroker();

    protected override async Task<string> StartBroker()
    {
        File.Delete(bootstrapFile);
        Broker = ServiceProcess.Start(
            "FaultMaven.DevBroker", "faultmaven-devbroker", new Dictionary<string, string>(),
            "--port", port.ToString(CultureInfo.InvariantCulture), "--partitions", Partitions.ToString(CultureInfo.InvariantCulture), "--bootstrap-file", bootstrapFile, "--epoch-file", epochFile);
        await Progress.Until(
            "the dev broker wrote its bootstrap file",
            () => Task.FromResult(File.Exists(bootstrapFile) || Broker.HasExited),
            () => Task.FromResult((long)Broker.Output.Length),
            () => Task.FromResult(Broker.Output));
        Assert.False(Broker.HasExited, $"the dev broker exited:\n{Broker.Output}");
        return (await File.ReadAllTextAsync(bootstrapFile)).Trim();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        File.Delete(bootstrapFile);
        File.Delete(epochFile);
    }
}

public sealed class BrokerRestartTests(RestartableBrokerSystem system) : IClassFixture<RestartableBrokerSystem>
{
    private const string Source = "broker-restart";
    private const int FirstPush = 40;
    private const int SecondPush = 60;

    [Fact]
    public async Task Lines_pushed_before_and_after_a_broker_restart_are_each_stored_once_and_a_replay_adds_nothing()
    {
        system.Produce(Source, Lines("before", FirstPush));
        await system.WaitForCount($"{FirstPush} lines before the restart stored", () => system.StoredLines(Source), FirstPush);

        await system.RestartBroker();
        system.Produce(Source, Lines("after", SecondPush));
        await system.Eventually("the worker noticed the new cluster and exited for its supervisor to restart it", () => Task.FromResult(system.Worker!.HasExited));
        Assert.True(
            system.Worker!.ExitCode == KafkaClusterGuard.ClusterChangedExitCode,
            $"exit code {system.Worker.ExitCode}; its warnings and errors:\n{string.Join('\n', system.Worker.Output.Split('\n').Where(line => line.Contains("\"@l\":", StringComparison.Ordinal)).TakeLast(30))}");
        await system.StartWorker();
        await system.WaitForCount($"{FirstPush + SecondPush} lines stored after the restart", () => system.StoredLines(Source), FirstPush + SecondPush);
        await AssertEachLineStoredOnce();
        Assert.True(
            await ReusedPositions() > 0,
            "no line after the restart was written at a position a line before it had: the test did not exercise offset reuse");

        await system.Worker!.Kill();
        await RewindPipelineToTheStartOfTheRawTopic();
        await system.StartWorker();
        await system.Eventually(
            $"the restarted worker re-read the {SecondPush} raw records the new broker holds and its logs sink consumed what they became",
            async () => await Counted("normalize", "consumed") >= SecondPush && await Counted("sink-logs", "consumed") >= 1);
        await system.WaitUntilCaughtUp();
        await AssertEachLineStoredOnce();
    }

    [Fact]
    public async Task While_the_broker_is_down_ingestion_answers_503_with_retry_after_and_fm_push_waits_then_resumes()
    {
        const string pushed = "broker-down-push";
        const int pushedLines = 200;
        var file = Path.Combine(Path.GetTempPath(), $"broker-down-{Guid.NewGuid():N}.log");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, pushedLines).Select(i => $"2026-11-25 10:00:00 INFO pushed while the broker was down {i:D3}"));
        try
        {
            await system.KillBroker();
            var outage = Stopwatch.StartNew();

            var (upload, uploadRetryAfter, uploadSeconds) = await TimedPost("/logs/ingest?source=broker-down", null);
            var (hec, hecRetryAfter, hecSeconds) = await TimedPost("/services/collector/raw?source=broker-down", $"Splunk {RunningSystem.HecToken}");
            Assert.True(
                upload == HttpStatusCode.ServiceUnavailable && uploadRetryAfter is > 0 && hec == HttpStatusCode.ServiceUnavailable && hecRetryAfter is > 0,
                $"with the broker down: /logs/ingest {upload} Retry-After {uploadRetryAfter} in {uploadSeconds:F1} s, HEC {hec} Retry-After {hecRetryAfter} in {hecSeconds:F1} s");
            Assert.True(uploadSeconds < 30 && hecSeconds < 30, $"refusals took {uploadSeconds:F1} s and {hecSeconds:F1} s");

            var refusedBefore = await RefusedUploads();
            var push = Task.Run(() => FmCommand.Run(
                new Dictionary<string, string>(),
                "push", file, "--api", system.Api.BaseAddress!.ToString(), "--token", system.AccessToken, "--source", pushed,
                "--state", Path.Combine(Path.GetTempPath(), "fm-push-state-" + Guid.NewGuid().ToString("N"))));
            // Not system.Eventually: its progress is the consumer lag, which cannot be read without a broker.
            await Progress.Until(
                "fm push refused twice while the broker is down",
                async () => await RefusedUploads() >= refusedBefore + 2,
                async () => (long)await RefusedUploads(),
                () => Task.FromResult(push.IsCompleted ? push.Result.Output : "fm push still running"));
            if (push.IsCompleted)
            {
                Assert.Fail($"fm push finished while the broker was down:\n{(await push).Output}");
            }

            await system.StartBrokerAgain();
            await system.Eventually("the worker noticed the new cluster and exited for its supervisor to restart it", () => Task.FromResult(system.Worker!.HasExited));
            await system.StartWorker();
            var result = await push;

            Assert.True(result.ExitCode == 0 && result.Output.Contains("waiting for the pipeline", StringComparison.Ordinal), $"fm push after a {outage.Elapsed.TotalSeconds:F0} s outage:\n{result.Output}");
            await system.WaitForCount($"{pushedLines} pushed lines stored", () => system.StoredLines(pushed), pushedLines);
            Assert.Equal(pushedLines, await system.CountRows("SELECT count(DISTINCT message) FROM logs WHERE source = $1", pushed));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>POSTs the API answered 503, by its own request metrics (prometheus-net's <c>http_requests_received_total</c>).</summary>
    private async Task<double> RefusedUploads()
    {
        var metrics = await system.Api.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("http_requests_received_total{", StringComparison.Ordinal) && line.Contains("code=\"503\"", StringComparison.Ordinal) && line.Contains("method=\"POST\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>A one-line upload: its status, <c>Retry-After</c> in seconds and how long the answer took.</summary>
    private async Task<(HttpStatusCode Status, double? RetryAfter, double Seconds)> TimedPost(string path, string? hecAuthorization)
    {
        using var client = new HttpClient { BaseAddress = system.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("2026-11-25 10:00:00 INFO one line\n") };
        request.Headers.TryAddWithoutValidation("Authorization", hecAuthorization ?? $"Bearer {system.AccessToken}");
        var timer = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds, timer.Elapsed.TotalSeconds);
    }

    private static IEnumerable<string> Lines(string push, int count) =>
        Enumerable.Range(0, count).Select(i => $"2026-11-25 10:00:00 INFO {push} restart line {i:D3}");

    private async Task AssertEachLineStoredOnce()
    {
        var rows = await system.StoredLines(Source);
        var distinct = await system.CountRows("SELECT count(DISTINCT message) FROM logs WHERE source = $1", Source);
        Assert.True(
            rows == FirstPush + SecondPush && distinct == FirstPush + SecondPush,
            $"{rows} rows, {distinct} distinct (sealed) messages instead of {FirstPush + SecondPush} each\n{await system.Diagnostics()}\n--- broker ---\n{Progress.Tail(system.Broker?.Output ?? "")}");
    }

    // Positions (partition, offset, line) that hold one line from before the restart and another from after it.
    private Task<long> ReusedPositions() => system.CountRows(
        """
        SELECT count(*) FROM logs a JOIN logs b
          ON (a.raw_topic, a.raw_partition, a.raw_offset, a.raw_index) = (b.raw_topic, b.raw_partition, b.raw_offset, b.raw_index)
         AND a.raw_fingerprint < b.raw_fingerprint
        WHERE a.source = $1 AND b.source = $1
        """,
        Source);

    // The worker's own rewind (what it does on a changed cluster), once the killed worker's session has expired and the
    // group has no member left; given a test's patience for a loaded machine.
    private Task RewindPipelineToTheStartOfTheRawTopic() => Task.Run(() =>
    {
        var options = new KafkaOptions { BootstrapServers = system.BootstrapServers };
        using var admin = new AdminClientBuilder(KafkaClients.Admin(options)).Build();
        KafkaCluster.RewindToStart(admin, options, options.ApplicationId, Topics.Raw, Progress.DefaultStall);
    });

    private async Task<double> Counted(string step, string outcome)
    {
        var metrics = await system.Api.GetStringAsync(system.WorkerUrl("/metrics"));
        var prefix = $"faultmaven_pipeline_records_total{{step=\"{step}\",outcome=\"{outcome}\"}} ";
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }
}
