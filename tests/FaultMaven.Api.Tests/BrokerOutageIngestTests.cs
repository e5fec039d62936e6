using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FaultMaven.Identity;
using FaultMaven.Testing;
using FaultMaven.Testing.Kafka;
using FaultMaven.Testing.Processes;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// An upload in flight when the dev broker stops (issue 16): the API answers within its delivery timeout with 503,
/// <c>Retry-After</c> and a problem that counts what was and was not stored, and the retry with the same
/// Idempotency-Key sends only the rest, so every line is on logs.raw exactly once (rows + dead letters downstream:
/// the worker stores each raw record once by its position). Records sent but unanswered when the broker went away may
/// or may not be on it; the retry reads logs.raw back for them. A HEC request sent while the broker is down is answered
/// the same way, with HEC's code 9, in the same timeout window (one test, so the suite waits out the timeout once). The broker is taken down with its
/// records kept (librdkafka's mock broker set down, as a Kafka broker process stopped with its disk), and its answers
/// are slowed so that the test can stop it between the acknowledgements of one upload's records. Flow control is off:
/// no worker consumes here, so the lag it watches would only grow.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class BrokerOutageIngestTests(BrokerOutageIngestTests.SharedApi shared, ITestOutputHelper output) : IClassFixture<BrokerOutageIngestTests.SharedApi>
{
    private const string HecToken = "outage-hec-token-0123456";

    // Long enough for the whole upload at the slowed broker's pace (librdkafka counts it from each record's produce
    // call), short enough to keep the test quick.
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SlowBroker = TimeSpan.FromMilliseconds(200);

    /// <summary>One API for the class, with a short delivery timeout and one record per produce request, one at a time.</summary>
    public sealed class SharedApi : SharedIssuedApi
    {
        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FaultMaven:Ingestion:HecTokens:0"] = HecToken;
            settings["FaultMaven:Ingestion:MaxBodyBytes"] = $"{8 * 1024 * 1024}";
            settings["FaultMaven:Ingestion:FlowControl:Enabled"] = "false";
            settings["FaultMaven:Ingestion:DeliveryTimeout"] = DeliveryTimeout.ToString("c");
            settings["FaultMaven:Ingestion:RetryAfterInterruption"] = "00:00:01";
            settings["FaultMaven:Kafka:Client:batch.num.messages"] = "1";
            settings["FaultMaven:Kafka:Client:max.in.flight.requests.per.connection"] = "1";
        }
    }

    [Fact]
    public async Task An_upload_the_broker_stops_acknowledging_part_way_is_answered_503_with_what_was_stored_and_its_retry_stores_every_line_exactly_once()
    {
        const string source = "outage-upload";
        const string hecSource = "outage-hec";
        var lines = Enumerable.Range(0, 30_000).Select(i => $"outage line {i:D6} {Guid.NewGuid():N}").ToList();
        var body = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        var hecBody = Encoding.UTF8.GetBytes("hec line one\nhec line two\n");
        var (key, hecKey) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        using var http = new HttpClient { BaseAddress = shared.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shared.TokenIssuer.Token("shipper", [Roles.Responder]));

        shared.RawBroker.SetRoundTripTime(SlowBroker);
        var clock = Stopwatch.StartNew();
        var upload = PostAsync(http, source, body, key);
        var storedAtStop = await Progress.UntilCount(
            "the upload's first records acknowledged", () => Task.FromResult(RawTopic.Records(shared.RawBroker)), stored => stored >= 2, () => Task.FromResult($"upload finished: {upload.IsCompleted}"));
        shared.RawBroker.SetUp(false);
        var stoppedAt = clock.Elapsed;
        // HEC sent while the broker is down waits out the same delivery timeout beside the upload.
        var hec = HecRawAsync(hecSource, hecBody, hecKey);
        using var first = await upload;
        var answeredAfter = clock.Elapsed - stoppedAt;
        using var hecFirst = await hec;
        var hecAnsweredAfter = clock.Elapsed - stoppedAt;
        var problem = await first.Content.ReadAsStringAsync();
        var hecProblem = await hecFirst.Content.ReadAsStringAsync();
        output.WriteLine($"broker stopped at {stoppedAt.TotalSeconds:F1} s with {storedAtStop} records on logs.raw; answered {(int)first.StatusCode} {answeredAfter.TotalSeconds:F1} s later: {problem}");
        output.WriteLine($"HEC while down: {(int)hecFirst.StatusCode} {hecAnsweredAfter.TotalSeconds:F1} s after the stop: {hecProblem}");

        shared.RawBroker.SetUp(true);
        shared.RawBroker.SetRoundTripTime(TimeSpan.Zero);
        using var retry = await PostAsync(http, source, body, key);
        using var hecRetry = await HecRawAsync(hecSource, hecBody, hecKey);
        var receipt = await retry.Content.ReadAsStringAsync();
        var stored = RawTopic.LinesOf(shared.RawBroker, source);
        var hecStored = RawTopic.LinesOf(shared.RawBroker, hecSource);
        var twice = stored.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        output.WriteLine($"retry: {(int)retry.StatusCode} {receipt}; {stored.Count} lines on logs.raw, {twice.Count} of them more than once, {lines.Except(stored).Count()} missing");
        output.WriteLine($"HEC retry: {(int)hecRetry.StatusCode} {await hecRetry.Content.ReadAsStringAsync()}; on logs.raw: {string.Join(" | ", hecStored)}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.True(answeredAfter < DeliveryTimeout + TimeSpan.FromSeconds(5), $"answered {answeredAfter.TotalSeconds:F1} s after the broker stopped");
        var counts = JsonDocument.Parse(problem).RootElement;
        long Lines(JsonElement answer, string state) => answer.GetProperty(state).GetProperty("lines").GetInt64();
        Assert.True(Lines(counts, "stored") > 0 && Lines(counts, "stored") < lines.Count, $"the broker must stop part way through the upload: {problem}");
        Assert.Equal(lines.Count, Lines(counts, "stored") + Lines(counts, "notStored") + Lines(counts, "unknown"));
        Assert.True(counts.GetProperty("resumable").GetBoolean());
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(lines.Count, JsonDocument.Parse(receipt).RootElement.GetProperty("lines").GetInt64());
        Assert.Empty(twice);
        Assert.Equal(lines.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, hecFirst.StatusCode);
        Assert.NotNull(hecFirst.Headers.RetryAfter);
        Assert.True(hecAnsweredAfter < DeliveryTimeout + TimeSpan.FromSeconds(5), $"HEC answered {hecAnsweredAfter.TotalSeconds:F1} s after the broker stopped");
        var hecAnswer = JsonDocument.Parse(hecProblem).RootElement;
        Assert.Equal(9, hecAnswer.GetProperty("code").GetInt32());
        Assert.Equal(2, Lines(hecAnswer, "notStored") + Lines(hecAnswer, "unknown"));
        Assert.Equal(HttpStatusCode.OK, hecRetry.StatusCode);
        Assert.Equal(["hec line one", "hec line two"], hecStored);
    }

    /// <summary>
    /// <c>fm push --api</c> through the same outage: the broker stops acknowledging part way through a batch, the API
    /// answers 503 with what it stored, and fm push retries the batch under the same <c>Idempotency-Key</c> until the
    /// broker is back, so the part acknowledged before the stop is not stored a second time.
    /// </summary>
    [Fact]
    public async Task Fm_push_through_the_api_retries_an_interrupted_batch_under_its_key_so_every_line_is_stored_once()
    {
        using var pushed = await PushedFile.WriteAsync("outage-fm-push");
        using var http = new HttpClient { BaseAddress = shared.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var refusedBefore = await RefusedPosts(http);
            var push = await StartAndStopTheBrokerPartWay(pushed.Arguments(shared));
            await Progress.UntilCount(
                "the API answered the interrupted batch 503", () => RefusedPosts(http), refused => refused > refusedBefore, () => Task.FromResult($"fm push finished: {push.IsCompleted}"));
            BrokerBack();
            var result = await push;
            output.WriteLine($"fm push exit {result.ExitCode}\n{result.Output}");

            Assert.True(result.ExitCode == 0, result.Output);
            AssertStoredOnce(pushed);
        }
        finally
        {
            BrokerBack();
        }
    }

    /// <summary>
    /// <c>fm push --api</c> that gives up during the outage (a short <c>--wait-timeout</c>) and is run again once the
    /// broker is back: the checkpoint kept the unacknowledged batch's start, end and key, so the second run sends that
    /// batch again under the same <c>Idempotency-Key</c>, and the API stores only the records it had not stored.
    /// </summary>
    [Fact]
    public async Task Fm_push_stopped_by_its_wait_timeout_and_run_again_resends_the_interrupted_batch_under_its_key_so_every_line_is_stored_once()
    {
        using var pushed = await PushedFile.WriteAsync("outage-fm-push-rerun");
        var arguments = pushed.Arguments(shared, "--wait-timeout", "1");
        try
        {
            // The API answers the batch 503 once its delivery timeout has passed; fm push, past its own 1 s, gives up.
            var first = await StartAndStopTheBrokerPartWay(arguments);
            var stopped = await first;
            BrokerBack();
            output.WriteLine($"first run: exit {stopped.ExitCode}, {RawTopic.LinesOf(shared.RawBroker, pushed.Source).Count} lines on logs.raw\n{stopped.Output}");
            var second = FmCommand.Run(new Dictionary<string, string>(), arguments);
            output.WriteLine($"second run: exit {second.ExitCode}\n{second.Output}");

            Assert.True(stopped.ExitCode != 0, stopped.Output);
            Assert.Contains("--wait-timeout", stopped.StandardError, StringComparison.Ordinal);
            Assert.True(second.ExitCode == 0, second.Output);
            AssertStoredOnce(pushed);
        }
        finally
        {
            BrokerBack();
        }
    }

    /// <summary>Starts fm push with the broker slowed, and stops the broker once the push's first records are acknowledged.</summary>
    private async Task<Task<FmResult>> StartAndStopTheBrokerPartWay(string[] arguments)
    {
        var recordsBefore = RawTopic.Records(shared.RawBroker);
        shared.RawBroker.SetRoundTripTime(SlowBroker);
        var push = Task.Run(() => FmCommand.Run(new Dictionary<string, string>(), arguments));
        // Watermarks, not the records' contents: reading the topic takes longer than the push's first batch.
        await Progress.UntilCount(
            "the push's first records acknowledged", () => Task.FromResult(RawTopic.Records(shared.RawBroker) - recordsBefore), stored => stored >= 2, () => Task.FromResult($"fm push finished: {push.IsCompleted}"));
        shared.RawBroker.SetUp(false);
        return push;
    }

    private void BrokerBack()
    {
        shared.RawBroker.SetUp(true);
        shared.RawBroker.SetRoundTripTime(TimeSpan.Zero);
    }

    private void AssertStoredOnce(PushedFile pushed)
    {
        var stored = RawTopic.LinesOf(shared.RawBroker, pushed.Source);
        var twice = stored.GroupBy(l => l).Count(g => g.Count() > 1);
        output.WriteLine($"{stored.Count} lines on logs.raw, {twice} more than once, {pushed.Lines.Except(stored).Count()} missing");

        Assert.Equal(0, twice);
        Assert.Equal(pushed.Lines.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    /// <summary>POSTs the API answered 503, by its own request metrics (prometheus-net's <c>http_requests_received_total</c>).</summary>
    private static async Task<long> RefusedPosts(HttpClient http) =>
        (long)(await http.GetStringAsync("/metrics")).Split('\n')
            .Where(line => line.StartsWith("http_requests_received_total{", StringComparison.Ordinal) && line.Contains("code=\"503\"", StringComparison.Ordinal) && line.Contains("method=\"POST\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string source, byte[] body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/logs/ingest?source={source}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> HecRawAsync(string source, byte[] body, string key)
    {
        using var http = new HttpClient { BaseAddress = shared.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/services/collector/raw?source={source}") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("Authorization", $"Splunk {HecToken}");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    /// <summary>A file of 60,000 distinct lines for fm push under <see cref="Source"/>, with a checkpoint folder of its own; both deleted with it.</summary>
    private sealed class PushedFile(string source, IReadOnlyList<string> lines, string path, string state) : IDisposable
    {
        public string Source => source;

        public IReadOnlyList<string> Lines => lines;

        public static async Task<PushedFile> WriteAsync(string source)
        {
            var lines = Enumerable.Range(0, 60_000).Select(i => $"{source} line {i:D6} {Guid.NewGuid():N}").ToList();
            var path = Path.Combine(Path.GetTempPath(), $"{source}-{Guid.NewGuid():N}.log");
            await File.WriteAllLinesAsync(path, lines);
            return new PushedFile(source, lines, path, Path.Combine(Path.GetTempPath(), $"fm-push-state-{Guid.NewGuid():N}"));
        }

        public string[] Arguments(SharedApi api, params string[] more) =>
            ["push", path, "--api", api.Host.BaseAddress!.ToString(), "--token", api.TokenIssuer.Token("shipper", [Roles.Responder]), "--source", source, "--state", state, .. more];

        public void Dispose()
        {
            File.Delete(path);
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }
}
