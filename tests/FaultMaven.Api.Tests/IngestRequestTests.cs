using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FaultMaven.Identity;
using FaultMaven.Testing.Kafka;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// HTTP ingestion bodies through real Kestrel onto the dev broker: all or nothing and retry-safe (a retried request with
/// the same Idempotency-Key produces nothing more), decompressed by ASP.NET Core's middleware (gzip, br, deflate), an
/// encoding it does not know refused with 415, and a body that turns out too large after decompression refused with 413
/// and nothing produced. JSON bodies, ingested or not, are read by one rule: a key twice is refused.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class IngestRequestTests(IngestRequestTests.SharedApi shared, ITestOutputHelper output) : IClassFixture<IngestRequestTests.SharedApi>
{
    private const string HecToken = "idempotent-hec-token-0123";
    private const long MaxBodyBytes = 64 * 1024;

    private StubOidcIssuer Issuer => shared.TokenIssuer;

    private InProcessApi Api => shared.Host;

    private DevBrokerFixture Broker => shared.RawBroker;

    /// <summary>One API for the class (each test ingests under sources of its own), with HEC on and flow control off.</summary>
    public sealed class SharedApi : SharedIssuedApi
    {
        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FaultMaven:Ingestion:HecTokens:0"] = HecToken;
            settings["FaultMaven:Ingestion:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["FaultMaven:Ingestion:FlowControl:Enabled"] = "false";
        }
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
    public async Task A_key_reused_for_another_body_source_or_endpoint_is_refused_with_a_422_naming_it_and_the_same_request_compressed_is_replayed()
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        var key = $"reused-{Guid.NewGuid():N}";
        var hecKey = $"reused-hec-{Guid.NewGuid():N}";
        using var first = await SendKeyedAsync(http, "/logs/ingest?source=reuse-one", new StringContent("one\ntwo\n", Encoding.UTF8, "text/plain"), key);
        using var otherBody = await SendKeyedAsync(http, "/logs/ingest?source=reuse-one", new StringContent("three\nfour\n", Encoding.UTF8, "text/plain"), key);
        using var otherSource = await SendKeyedAsync(http, "/logs/ingest?source=reuse-two", new StringContent("one\ntwo\n", Encoding.UTF8, "text/plain"), key);
        using var sameGzipped = await SendKeyedAsync(http, "/logs/ingest?source=reuse-one", Compressed(Encoding.UTF8.GetBytes("one\ntwo\n"), "gzip"), key);
        var filesKey = $"reused-files-{Guid.NewGuid():N}";
        using var files = await SendKeyedAsync(http, "/logs/ingest", FilesContent("reuse-file-a.log"), filesKey);
        using var moreFiles = await SendKeyedAsync(http, "/logs/ingest", FilesContent("reuse-file-a.log", "reuse-file-b.log"), filesKey);
        using var hecFirst = await HecAsync("reuse-hec", hecKey);
        using var hecOtherEndpoint = await HecRawAsync("reuse-hec", new StringContent("hello\n"), hecKey);

        var answers = new[] { first, otherBody, otherSource, sameGzipped, files, moreFiles, hecFirst, hecOtherEndpoint };
        var bodies = new List<string>();
        foreach (var answer in answers)
        {
            bodies.Add(await answer.Content.ReadAsStringAsync());
            output.WriteLine($"{(int)answer.StatusCode} {bodies[^1]}");
        }

        Assert.Equal(
            [HttpStatusCode.Accepted, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.UnprocessableEntity, HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity],
            answers.Select(answer => answer.StatusCode));
        foreach (var (refused, refusedKey) in new[] { (1, key), (2, key), (5, filesKey), (7, hecKey) })
        {
            Assert.Equal("application/problem+json", answers[refused].Content.Headers.ContentType?.MediaType);
            Assert.Contains($"'{refusedKey}'", bodies[refused], StringComparison.Ordinal);
            Assert.Equal(refusedKey, System.Text.Json.JsonDocument.Parse(bodies[refused]).RootElement.GetProperty("idempotencyKey").GetString());
        }

        Assert.Equal(6, System.Text.Json.JsonDocument.Parse(bodies[7]).RootElement.GetProperty("code").GetInt32());
        Assert.Equal("true", sameGzipped.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(bodies[0], bodies[3]);
        var counts = RawTopic.RecordsBySource(Broker);
        Assert.Equal(["one", "two"], RawTopic.LinesOf(Broker, "reuse-one"));
        Assert.False(counts.ContainsKey("reuse-two"), "the other source's lines were produced under a reused key");
        Assert.Equal(1, counts.GetValueOrDefault("reuse-file-a"));
        Assert.False(counts.ContainsKey("reuse-file-b"), "a file added under a reused key was produced");
        Assert.Equal(1, counts.GetValueOrDefault("reuse-hec"));

        static MultipartFormDataContent FilesContent(params string[] names)
        {
            var content = new MultipartFormDataContent();
            foreach (var name in names)
            {
                content.Add(new StringContent("one\ntwo\n"), "file", name);
            }

            return content;
        }
    }

    [Fact]
    public async Task An_empty_body_without_a_content_type_is_read_as_text_and_answered_with_zero_lines()
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        using var content = new ByteArrayContent([]);

        using var response = await http.PostAsync("/logs/ingest?source=empty-untyped", content);

        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} {body}");
        Assert.Null(content.Headers.ContentType);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("lines").GetInt64());
        Assert.False(RawTopic.RecordsBySource(Broker).ContainsKey("empty-untyped"));
    }

    [Fact]
    public async Task A_JSON_body_with_a_key_twice_is_refused_with_a_400_naming_the_key_by_query_analyze_and_hec_alike()
    {
        using var http = Client(Issuer.Token("analyst", [Roles.Responder]));
        using var hec = new HttpClient { BaseAddress = Api.BaseAddress };
        hec.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Splunk {HecToken}");

        using var query = await http.PostAsync("/query", new StringContent("""{"question":"a","question":"b"}""", Encoding.UTF8, "application/json"));
        using var analyze = await http.PostAsync("/logs/analyze", new StringContent("""{"logs":"ERROR one","source":"dup","source":"dup2"}""", Encoding.UTF8, "application/json"));
        using var nested = await hec.PostAsync("/services/collector/event", new StringContent("""{"event":{"msg":"a","msg":"b"},"source":"dup-hec"}""", Encoding.UTF8, "application/json"));

        var bodies = new[] { await query.Content.ReadAsStringAsync(), await analyze.Content.ReadAsStringAsync(), await nested.Content.ReadAsStringAsync() };
        output.WriteLine(string.Join('\n', bodies));
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { query.StatusCode, analyze.StatusCode, nested.StatusCode });
        Assert.Contains("the key 'question' is given twice in one object", bodies[0], StringComparison.Ordinal);
        Assert.Contains("the key 'source' is given twice in one object", bodies[1], StringComparison.Ordinal);
        Assert.Contains("the key 'msg' is given twice in one object", bodies[2], StringComparison.Ordinal);
        Assert.Equal(6, System.Text.Json.JsonDocument.Parse(bodies[2]).RootElement.GetProperty("code").GetInt32());
        Assert.False(RawTopic.RecordsBySource(Broker).ContainsKey("dup-hec"));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("x-gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task A_compressed_body_is_decompressed_before_its_lines_are_counted_and_produced(string encoding)
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        var source = $"enc-{encoding}";

        using var response = await http.PostAsync($"/logs/ingest?source={source}", Compressed(Encoding.ASCII.GetBytes("first\nsecond\nthird\n"), encoding));
        using var hec = await HecRawAsync($"hec-{source}", Compressed(Encoding.ASCII.GetBytes("one\ntwo\n"), encoding));

        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} {body}; HEC {(int)hec.StatusCode} {await hec.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("lines").GetInt64());
        Assert.Equal(HttpStatusCode.OK, hec.StatusCode);
        var counts = RawTopic.RecordsBySource(Broker);
        Assert.Equal(1, counts.GetValueOrDefault(source));
        Assert.Equal(1, counts.GetValueOrDefault($"hec-{source}"));
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("gzip, gzip")]
    [InlineData("compress")]
    public async Task A_content_encoding_the_api_cannot_undo_is_refused_with_a_415_problem_and_nothing_produced(string encoding)
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        var source = $"enc-refused-{Guid.NewGuid():N}"[..24];
        using var content = new ByteArrayContent(Compress(Encoding.ASCII.GetBytes("line\n"), "gzip"));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);

        using var response = await http.PostAsync($"/logs/ingest?source={source}", content);

        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body}");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"'{encoding}'", body, StringComparison.Ordinal);
        Assert.Contains("gzip, br or deflate", body, StringComparison.Ordinal);
        Assert.False(RawTopic.RecordsBySource(Broker).ContainsKey(source));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task A_body_that_is_not_what_its_content_encoding_says_is_refused_with_a_400_problem_and_nothing_produced(string encoding)
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        var source = $"corrupt-{encoding}";
        using var content = new ByteArrayContent([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0x01, 0x02, 0x03, .. Encoding.ASCII.GetBytes("plain text\n")]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await http.PostAsync($"/logs/ingest?source={source}", content);

        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} {body}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(RawTopic.RecordsBySource(Broker).ContainsKey(source));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task A_body_over_the_limit_only_after_decompression_is_refused_with_a_413_problem_and_nothing_produced(string encoding)
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        var source = $"bomb-{encoding}";
        var lines = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, (int)(MaxBodyBytes / 32) + 100).Select(i => $"line {i:D8} of a body too large\n")));
        using var content = Compressed(lines, encoding);
        var compressedLength = (await content.ReadAsByteArrayAsync()).Length;

        using var response = await http.PostAsync($"/logs/ingest?source={source}", content);
        using var hec = await HecRawAsync($"hec-{source}", Compressed(lines, encoding));

        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} {body}; HEC {(int)hec.StatusCode} {await hec.Content.ReadAsStringAsync()}");
        Assert.True(compressedLength < MaxBodyBytes, $"the compressed body ({compressedLength} bytes) must fit the limit for the test to mean anything");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("MaxBodyBytes", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hec.StatusCode);
        var counts = RawTopic.RecordsBySource(Broker);
        Assert.False(counts.ContainsKey(source), "records were produced before the 413");
        Assert.False(counts.ContainsKey($"hec-{source}"), "HEC produced records before the 413");
    }

    [Fact]
    public async Task A_body_over_the_limit_as_sent_is_refused_with_a_413_problem()
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        using var content = new ByteArrayContent(new byte[MaxBodyBytes + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await http.PostAsync("/logs/ingest?source=too-large-as-sent", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_answer_of_the_ingestion_endpoints_and_of_their_replays_is_a_status_and_media_type_their_openapi_operation_documents()
    {
        using var http = Client(Issuer.Token("shipper", [Roles.Responder]));
        using var anonymous = new HttpClient { BaseAddress = Api.BaseAddress };
        var key = Guid.NewGuid().ToString();
        var filesKey = Guid.NewGuid().ToString();
        var hecKey = Guid.NewGuid().ToString();
        MultipartFormDataContent Files() => new() { { new StringContent("one\ntwo\n"), "file", "openapi-files.log" } };
        async Task<HttpResponseMessage> Hec(string path, string? authorization, string body, string? idempotencyKey = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            }

            return await anonymous.SendAsync(request);
        }

        var event200 = """{"event":"hello","source":"openapi-hec"}""";
        (string Operation, HttpResponseMessage Response, int Expected)[] calls =
        [
            ("POST /logs/ingest", await IngestAsync(http, "openapi-ingest", key), 202),
            ("POST /logs/ingest", await IngestAsync(http, "openapi-ingest", key), 202),
            ("POST /logs/ingest", await SendKeyedAsync(http, "/logs/ingest", Files(), filesKey), 202),
            ("POST /logs/ingest", await SendKeyedAsync(http, "/logs/ingest", Files(), filesKey), 202),
            ("POST /logs/ingest", await IngestAsync(http, "openapi-other", key), 422),
            ("POST /logs/ingest", await IngestAsync(http, "openapi-ingest", "bad key\u0001"), 400),
            ("POST /logs/ingest", await http.PostAsync("/logs/ingest", new StringContent("line\n")), 400),
            ("POST /logs/ingest", await http.PostAsync("/logs/ingest?source=openapi-big", new ByteArrayContent(new byte[MaxBodyBytes + 1])), 413),
            ("POST /services/collector/event", await Hec("/services/collector/event", $"Splunk {HecToken}", event200, hecKey), 200),
            ("POST /services/collector/event", await Hec("/services/collector/event", $"Splunk {HecToken}", event200, hecKey), 200),
            ("POST /services/collector/event", await Hec("/services/collector/event", $"Splunk {HecToken}", """{"event":"other"}""", hecKey), 422),
            ("POST /services/collector/event", await Hec("/services/collector/event", $"Splunk {HecToken}", "{\"event\":"), 400),
            ("POST /services/collector/event", await Hec("/services/collector/event", $"Splunk {HecToken}", event200, "bad key\u0001"), 400),
            ("POST /services/collector/raw", await Hec("/services/collector/raw", null, "line"), 401),
            ("POST /services/collector/raw", await Hec("/services/collector/raw", "Splunk wrong-token", "line"), 403),
            ("GET /services/collector/health", await anonymous.GetAsync("/services/collector/health"), 200),
        ];
        var document = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var seen = new List<string>();
        var bodies = new List<string>();
        foreach (var (operation, response, expected) in calls)
        {
            using (response)
            {
                bodies.Add(await response.Content.ReadAsStringAsync());
                var status = (int)response.StatusCode;
                var media = response.Content.Headers.ContentType?.MediaType;
                var (method, path) = (operation.Split(' ')[0].ToLowerInvariant(), operation.Split(' ')[1]);
                var documented = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").TryGetProperty($"{status}", out var answer)
                    && media is not null && answer.TryGetProperty("content", out var content) && content.TryGetProperty(media, out var schema) && schema.TryGetProperty("schema", out _);
                seen.Add($"{operation}: {status} {media} {(documented ? "documented" : "NOT DOCUMENTED")} {bodies[^1]}");
                Assert.True(status == expected && documented, string.Join('\n', seen));
            }
        }

        output.WriteLine(string.Join('\n', seen));
        Assert.Equal((bodies[0], bodies[2], bodies[8]), (bodies[1], bodies[3], bodies[9]));
        Assert.StartsWith("[", bodies[3], StringComparison.Ordinal);
        var accepted = document.GetProperty("paths").GetProperty("/logs/ingest").GetProperty("post").GetProperty("responses").GetProperty("202")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.True(accepted.TryGetProperty("oneOf", out var shapes) && shapes.GetArrayLength() == 2, $"202 of /logs/ingest: one receipt or a list of them, documented as {accepted}");
        Assert.Equal(1, RawTopic.RecordsBySource(Broker).GetValueOrDefault("openapi-files"));
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

    private static async Task<HttpResponseMessage> SendKeyedAsync(HttpClient http, string path, HttpContent content, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> HecRawAsync(string source, HttpContent content, string? key = null)
    {
        using var http = new HttpClient { BaseAddress = Api.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/services/collector/raw?source={source}") { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", $"Splunk {HecToken}");
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await http.SendAsync(request);
    }

    private static ByteArrayContent Compressed(byte[] data, string encoding)
    {
        var content = new ByteArrayContent(Compress(data, encoding));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Headers.ContentEncoding.Add(encoding);
        return content;
    }

    /// <summary>The bytes as HTTP's content codings have them: deflate is the zlib format (RFC 9110 §8.4.1.2).</summary>
    private static byte[] Compress(byte[] data, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "br" => new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            _ => new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            compressor.Write(data);
        }

        return buffer.ToArray();
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
