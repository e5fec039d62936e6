using FaultMaven.Analysis.Normalization;
using FaultMaven.Testing.Processes;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FaultMaven.EndToEnd.Tests;

[Collection(SharedSystemCollection.Name)]
public sealed class IngestionTests(RunningSystem system)
{
    [Fact]
    public async Task A_plain_text_upload_is_stored_line_by_line()
    {
        var body = string.Join('\n', Enumerable.Range(0, 50).Select(i => $"2026-11-25 10:00:{i % 60:D2} INFO upload line {i}")) + "\n\n";

        var response = await system.Api.PostAsync("/logs/ingest?source=upload-text", new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(50, receipt.GetProperty("lines").GetInt64());
        Assert.Equal(1, receipt.GetProperty("records").GetInt64());
        await system.WaitForCount("50 uploaded lines stored", () => system.CountLogs("upload-text"), 50);
    }

    [Fact]
    public async Task A_gzip_compressed_ndjson_upload_is_decompressed()
    {
        var ndjson = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"{{\"level\":\"error\",\"msg\":\"failure {i}\"}}"));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(ndjson));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        content.Headers.ContentEncoding.Add("gzip");
        var response = await system.Api.PostAsync("/logs/ingest?source=upload-gzip", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await system.WaitForCount("20 gzip lines stored", () => system.CountLogs("upload-gzip"), 20);
        var errors = await system.GetJson("/logs?source=upload-gzip&level=error");
        Assert.Equal(20, errors.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_multipart_file_upload_is_stored_under_the_file_name()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("2026-11-25 10:00:00 WARN disk 91% full\n2026-11-25 10:00:01 INFO cleanup\n"), "file", "multipart-host.log" },
        };

        var response = await system.Api.PostAsync("/logs/ingest", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await system.WaitForCount("2 multipart lines stored", () => system.CountLogs("multipart-host"), 2);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_a_413_problem_even_when_it_only_grows_when_decompressed()
    {
        // Expect: 100-continue lets the server refuse before the body is sent, as careful upload clients do.
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "/logs/ingest?source=too-big") { Content = new ByteArrayContent(new byte[RunningSystem.MaxBodyBytes + 1]) };
        oversized.Headers.ExpectContinue = true;
        var plain = await system.Api.SendAsync(oversized);
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(new byte[RunningSystem.MaxBodyBytes * 2]);
        }

        var bomb = new ByteArrayContent(compressed.ToArray());
        bomb.Headers.ContentEncoding.Add("gzip");
        var decompressed = await system.Api.PostAsync("/logs/ingest?source=too-big", bomb);

        foreach (var response in new[] { plain, decompressed })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("MaxBodyBytes", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_upload_without_a_source_is_rejected_with_a_problem_naming_the_parameter()
    {
        var response = await system.Api.PostAsync("/logs/ingest", new StringContent("a line"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("source", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Splunk_hec_events_with_a_valid_token_are_stored_under_their_source()
    {
        var events = """
            {"time": 1764064800.5, "host": "web-1", "source": "hec-app", "sourcetype": "json", "event": {"level": "error", "message": "upstream timed out"}}
            {"time": 1764064801, "source": "hec-app", "event": "plain text event", "fields": {"region": "eu-west-1"}}
            """;
        var response = await SendToHec("/services/collector/event", events);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        await system.WaitForCount("2 HEC events stored", () => system.CountLogs("hec-app"), 2);
        var stored = (await system.GetJson("/logs?source=hec-app")).GetProperty("items").EnumerateArray().ToList();
        var error = stored.Single(e => e.GetProperty("level").GetString() == "error");
        Assert.Equal("upstream timed out", error.GetProperty("message").GetString());
        Assert.Equal("web-1", error.GetProperty("host").GetString());
        Assert.Contains(stored, e => e.GetProperty("message").GetString() == "plain text event");
    }

    [Fact]
    public async Task Splunk_hec_raw_lines_are_stored()
    {
        var response = await SendToHec("/services/collector/raw?source=hec-raw", "2026-11-25 10:00:00 INFO raw one\n2026-11-25 10:00:01 INFO raw two\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await system.WaitForCount("2 HEC raw lines stored", () => system.CountLogs("hec-raw"), 2);
    }

    [Fact]
    public async Task A_splunk_hec_string_event_is_stored_as_its_raw_line_with_the_envelope_time_host_and_fields_winning()
    {
        const string line = "2026-12-01T17:00:00Z ERROR hec one";
        var raw = await SendToHec("/services/collector/raw?source=hec-parity-raw", line + "\n");
        var events = $$"""
            {"source": "hec-parity-event", "event": "{{line}}"}
            {"source": "hec-parity-event", "time": 1796146200, "host": "web-9", "fields": {"region": "eu-west-1"}, "event": "2026-12-01T17:00:01Z WARN hec two"}
            """;
        var posted = await SendToHec("/services/collector/event", events);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (raw.StatusCode, posted.StatusCode));
        await system.WaitForCount("the HEC raw line stored", () => system.CountLogs("hec-parity-raw"), 1);
        await system.WaitForCount("2 HEC string events stored", () => system.CountLogs("hec-parity-event"), 2);
        var fromRaw = Assert.Single((await system.GetJson("/logs?source=hec-parity-raw")).GetProperty("items").EnumerateArray());
        var fromEvents = (await system.GetJson("/logs?source=hec-parity-event")).GetProperty("items").EnumerateArray().ToList();
        var one = fromEvents.Single(e => e.GetProperty("message").GetString() == "hec one");
        Assert.Equal(Read(fromRaw), Read(one));
        Assert.Equal((new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero), "error", "hec one"), Read(one));
        // The envelope's time wins over the text's; its host and fields are kept.
        var two = fromEvents.Single(e => e.GetProperty("message").GetString() == "hec two");
        Assert.Equal((new DateTimeOffset(2026, 12, 1, 17, 30, 0, TimeSpan.Zero), "warn", "hec two"), Read(two));
        Assert.Equal("web-9", two.GetProperty("host").GetString());
        Assert.Equal("eu-west-1", two.GetProperty("attributes").GetProperty("region").GetString());

        static (DateTimeOffset, string?, string?) Read(JsonElement stored) =>
            (stored.GetProperty("timestamp").GetDateTimeOffset(), stored.GetProperty("level").GetString(), stored.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, 2)]
    [InlineData("Bearer abc", HttpStatusCode.Unauthorized, 3)]
    [InlineData("Splunk wrong-token-0123456789", HttpStatusCode.Forbidden, 4)]
    public async Task Splunk_hec_rejects_a_missing_malformed_or_wrong_token_with_hec_codes(string? authorization, HttpStatusCode status, int code)
    {
        var response = await SendToHec("/services/collector/event", "{\"event\":\"x\"}", authorization);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Splunk_hec_refuses_a_query_string_token_unless_enabled_with_hec_code_16()
    {
        var response = await SendToHec($"/services/collector/event?token={RunningSystem.HecToken}", "{\"event\":\"x\"}", authorization: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(16, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Splunk_hec_rejects_a_body_that_is_not_json_events()
    {
        var response = await SendToHec("/services/collector/event", "[1, 2]");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(6, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Fm_push_through_the_api_stores_every_line_of_the_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pushed-over-http-{Guid.NewGuid():N}.log");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 300).Select(i => $"2026-11-25 10:00:00 INFO pushed over http {i}"));
        try
        {
            var result = FmCommand.Run(
                new Dictionary<string, string>(),
                "push", file, "--api", system.Api.BaseAddress!.ToString(), "--token", system.AccessToken, "--source", "pushed-http",
                "--state", Path.Combine(Path.GetTempPath(), "fm-push-state-" + Guid.NewGuid().ToString("N")));

            Assert.True(result.ExitCode == 0, result.Output);
            await system.WaitForCount("300 pushed lines stored", () => system.CountLogs("pushed-http"), 300);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // A trial's 3 MB line became four events (one per record it was split into), three of them level-unknown phantoms
    // stamped with the arrival time, and /logs/ingest counted four lines.
    [Theory]
    [InlineData("ingest")]
    [InlineData("hec-raw")]
    [InlineData("push")]
    [InlineData("push-api")]
    public async Task A_3_MB_line_between_two_lines_is_counted_and_stored_once_cut_to_its_head_with_its_time_level_and_whole_length(string way)
    {
        var source = $"long-line-{way}";
        var longLine = "2026-11-25T10:00:01Z ERROR payload rejected: " + string.Concat(Enumerable.Repeat("abcdefgh é ", 3 * 1024 * 1024 / 12));
        var body = $"2026-11-25T10:00:00Z INFO before\n{longLine}\n2026-11-25T10:00:02Z INFO after\n";

        switch (way)
        {
            case "ingest":
                var response = await system.Api.PostAsync($"/logs/ingest?source={source}", new StringContent(body, Encoding.UTF8, "text/plain"));
                var answer = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, answer);
                Assert.Equal(3, JsonDocument.Parse(answer).RootElement.GetProperty("lines").GetInt64());
                break;
            case "hec-raw":
                var hec = await SendToHec($"/services/collector/raw?source={source}", body);
                Assert.Equal(HttpStatusCode.OK, hec.StatusCode);
                break;
            default:
                var file = Path.Combine(Path.GetTempPath(), $"{source}-{Guid.NewGuid():N}.log");
                await File.WriteAllTextAsync(file, body);
                try
                {
                    string[] destination = way == "push" ? ["--broker", system.BootstrapServers] : ["--api", system.Api.BaseAddress!.ToString(), "--token", system.AccessToken];
                    var pushed = FmCommand.Run(
                        new Dictionary<string, string>(),
                        ["push", file, "--source", source, "--state", Path.Combine(Path.GetTempPath(), $"fm-push-state-{Guid.NewGuid():N}"), .. destination]);
                    Assert.True(pushed.ExitCode == 0, pushed.Output);
                    Assert.Contains($"pushed {Encoding.UTF8.GetByteCount(body)} bytes, 3 lines,", pushed.StandardOutput);
                }
                finally
                {
                    File.Delete(file);
                }

                break;
        }

        await system.WaitForCount($"3 rows of {source}", () => system.StoredLines(source), 3);
        await system.WaitUntilCaughtUp();
        Assert.Equal(3, await system.StoredLines(source));
        var rows = (await system.GetJson($"/logs?source={source}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["info", "error", "info"], rows.OrderBy(row => row.GetProperty("timestamp").GetDateTimeOffset()).Select(row => row.GetProperty("level").GetString()));
        var cut = Assert.Single(rows, row => row.GetProperty("attributes").TryGetProperty(AttributeKeys.Truncated, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 1, TimeSpan.Zero), cut.GetProperty("timestamp").GetDateTimeOffset());
        Assert.StartsWith("payload rejected: abcdefgh é", cut.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(longLine).ToString(CultureInfo.InvariantCulture), cut.GetProperty("attributes").GetProperty(AttributeKeys.Truncated).GetString());
    }

    /// <summary>What a shipper's HEC output sends: no bearer token, only its own HEC authorization header.</summary>
    private async Task<HttpResponseMessage> SendToHec(string path, string body, string? authorization = $"Splunk {RunningSystem.HecToken}")
    {
        using var shipper = new HttpClient { BaseAddress = system.Api.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await shipper.SendAsync(request);
    }
}
