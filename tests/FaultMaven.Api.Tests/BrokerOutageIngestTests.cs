using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FaultMaven.Identity;
using FaultMaven.Testing;
using FaultMaven.Testing.Kafka;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// An upload in flight when the dev broker stops (issue 16): the API answers within its delivery timeout with 503,
/// <c>Retry-After</c> and a problem that counts what was and was not stored, and the retry with the same
/// Idempotency-Key sends only the rest, so every line is on logs.raw exactly once (rows + dead letters downstream:
/// the worker stores each raw record once by its position). Records sent but unanswered when the broker went away may
/// or may not be on it; the retry reads logs.raw back for them. The broker is taken down with its
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
    public sealed class SharedApi : IssuedApiTest
    {
        public StubOidcIssuer TokenIssuer => Issuer;

        public InProcessApi Host => Api;

        public DevBrokerFixture RawBroker => Broker;

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
        var lines = Enumerable.Range(0, 30_000).Select(i => $"outage line {i:D6} {Guid.NewGuid():N}").ToList();
        var body = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        var key = Guid.NewGuid().ToString();
        using var http = new HttpClient { BaseAddress = shared.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shared.TokenIssuer.Token("shipper", [Roles.Responder]));

        shared.RawBroker.SetRoundTripTime(SlowBroker);
        var clock = Stopwatch.StartNew();
        var upload = PostAsync(http, source, body, key);
        var storedAtStop = await Progress.UntilCount(
            "the upload's first records acknowledged", () => Task.FromResult(RawTopic.Records(shared.RawBroker)), stored => stored >= 2, () => Task.FromResult($"upload finished: {upload.IsCompleted}"));
        shared.RawBroker.SetUp(false);
        var stoppedAt = clock.Elapsed;
        using var first = await upload;
        var answeredAfter = clock.Elapsed - stoppedAt;
        var problem = await first.Content.ReadAsStringAsync();
        output.WriteLine($"broker stopped at {stoppedAt.TotalSeconds:F1} s with {storedAtStop} records on logs.raw; answered {(int)first.StatusCode} {answeredAfter.TotalSeconds:F1} s later: {problem}");

        shared.RawBroker.SetUp(true);
        shared.RawBroker.SetRoundTripTime(TimeSpan.Zero);
        using var retry = await PostAsync(http, source, body, key);
        var receipt = await retry.Content.ReadAsStringAsync();
        var stored = RawTopic.LinesOf(shared.RawBroker, source);
        var twice = stored.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        output.WriteLine($"retry: {(int)retry.StatusCode} {receipt}; {stored.Count} lines on logs.raw, {twice.Count} of them more than once, {lines.Except(stored).Count()} missing");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.True(answeredAfter < DeliveryTimeout + TimeSpan.FromSeconds(5), $"answered {answeredAfter.TotalSeconds:F1} s after the broker stopped");
        var counts = JsonDocument.Parse(problem).RootElement;
        long Lines(string state) => counts.GetProperty(state).GetProperty("lines").GetInt64();
        Assert.True(Lines("stored") > 0 && Lines("stored") < lines.Count, $"the broker must stop part way through the upload: {problem}");
        Assert.Equal(lines.Count, Lines("stored") + Lines("notStored") + Lines("unknown"));
        Assert.True(counts.GetProperty("resumable").GetBoolean());
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(lines.Count, JsonDocument.Parse(receipt).RootElement.GetProperty("lines").GetInt64());
        Assert.Empty(twice);
        Assert.Equal(lines.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Hec_while_the_broker_is_down_answers_503_with_hec_code_9_within_the_delivery_timeout_and_a_retry_with_its_key_stores_the_lines_once()
    {
        const string source = "outage-hec";
        var body = Encoding.UTF8.GetBytes("hec line one\nhec line two\n");
        var key = Guid.NewGuid().ToString();
        shared.RawBroker.SetUp(false);
        var clock = Stopwatch.StartNew();
        using var first = await HecRawAsync(source, body, key);
        var answeredAfter = clock.Elapsed;
        var problem = await first.Content.ReadAsStringAsync();
        shared.RawBroker.SetUp(true);
        using var retry = await HecRawAsync(source, body, key);
        var stored = RawTopic.LinesOf(shared.RawBroker, source);
        output.WriteLine($"down: {(int)first.StatusCode} after {answeredAfter.TotalSeconds:F1} s {problem}; retry {(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}; on logs.raw: {string.Join(" | ", stored)}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.NotNull(first.Headers.RetryAfter);
        Assert.True(answeredAfter < DeliveryTimeout + TimeSpan.FromSeconds(5), $"answered after {answeredAfter.TotalSeconds:F1} s");
        var root = JsonDocument.Parse(problem).RootElement;
        Assert.Equal(9, root.GetProperty("code").GetInt32());
        Assert.Equal(2, root.GetProperty("notStored").GetProperty("lines").GetInt64() + root.GetProperty("unknown").GetProperty("lines").GetInt64());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(["hec line one", "hec line two"], stored);
    }

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
}
