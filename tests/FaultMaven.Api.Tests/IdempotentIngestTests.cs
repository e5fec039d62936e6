using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FaultMaven.Identity;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// HTTP ingestion is all or nothing and retry-safe: through real Kestrel onto the dev broker, a retried request with the
/// same Idempotency-Key produces nothing more, and a body that turns out too large after decompression produces nothing.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class IdempotentIngestTests(ITestOutputHelper output) : IssuedApiTest
{
    private const string HecToken = "idempotent-hec-token-0123";
    private const long MaxBodyBytes = 64 * 1024;

    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["FaultMaven:Ingestion:HecTokens:0"] = HecToken;
        settings["FaultMaven:Ingestion:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["FaultMaven:Ingestion:FlowControl:Enabled"] = "false";
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_gets_the_first_answer_and_produces_nothing_more()
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        var key = Guid.NewGuid().ToString();

        using var first = await IngestAsync(http, "idem-a", key);
        using var retry = await IngestAsync(http, "idem-a", key);
        using var otherKey = await IngestAsync(http, "idem-a", Guid.NewGuid().ToString());
        using var hecFirst = await HecAsync("idem-hec", key);
        using var hecRetry = await HecAsync("idem-hec", key);
        using var badKey = await IngestAsync(http, "idem-bad", "has spaces\u0001");

        var counts = RawTopic.RecordsBySource(Broker);
        output.WriteLine($"records by source: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.OK, hecRetry.StatusCode);
        Assert.True(hecRetry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Equal(2, counts.GetValueOrDefault("idem-a"));
        Assert.Equal(1, counts.GetValueOrDefault("idem-hec"));
        Assert.False(counts.ContainsKey("idem-bad"));
    }

    [Fact]
    public async Task A_gzip_body_over_the_limit_after_decompression_is_refused_with_413_and_nothing_produced()
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        var lines = string.Concat(Enumerable.Range(0, (int)(MaxBodyBytes / 32) + 100).Select(i => $"line {i:D8} of a body too large\n"));
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.ASCII.GetBytes(lines));
        }

        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await http.PostAsync("/logs/ingest?source=idem-bomb", content);

        Assert.True(buffer.Length < MaxBodyBytes, $"the compressed body ({buffer.Length} bytes) must fit the limit for the test to mean anything");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(RawTopic.RecordsBySource(Broker).ContainsKey("idem-bomb"), "records were produced before the 413");
    }

    private HttpClient Client(string token)
    {
        var http = new HttpClient { BaseAddress = Api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<HttpResponseMessage> IngestAsync(HttpClient http, string source, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/logs/ingest?source={source}")
        {
            Content = new StringContent("first line\nsecond line\n", Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> HecAsync(string source, string key)
    {
        using var http = new HttpClient { BaseAddress = Api.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/services/collector/event")
        {
            Content = new StringContent($$"""{"event":"hello","source":"{{source}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Splunk {HecToken}");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await http.SendAsync(request);
    }
}
