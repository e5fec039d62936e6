using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using FaultMaven.Identity;
using FaultMaven.Testing.Kafka;
using FaultMaven.Testing.Postgres;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// A bounded fuzz run: every endpoint the API maps (read from its endpoint table), with the embedded authorization server
/// and a real broker, gets generated hostile requests of the kinds that once answered 500 — NUL and control characters in
/// path, query and bodies, invalid UTF-8, JSON with duplicate keys or too deep, unsupported or corrupt encodings, malformed
/// multipart and forms, a 10 MB line, a gzip bomb, anonymous 5 MB forms. It asserts no 5xx, /healthz answering throughout,
/// and nothing of a refused request on logs.raw or in PostgreSQL (each request that could store names its own source).
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed partial class HostileInputFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string HecToken = "fuzz-hec-token-0123456789";
    private const long MaxBodyBytes = 16 * 1024 * 1024;

    private static readonly string[] HostileStrings =
    [
        "\0", "a\0b", "\u0001\u001b[31m", "\r\nSet-Cookie: x=1", "\uFFFF\uFFFE", "\u202Eevil", "' OR 1=1 --", "../../../etc/passwd",
        "%00%ff", new string('x', 20_000), "-1", "99999999999999999999999", "2026-13-45T99:99:99Z", "null", "😀",
    ];

    private static readonly string[] QueryParameters =
    [
        "source", "level", "kind", "severity", "status", "from", "to", "cursor", "limit", "incidentId", "q", "k", "storeAsIncident",
        "returnUrl", "actor", "action", "client_id", "response_type", "redirect_uri", "code_challenge", "code_challenge_method",
    ];

    private readonly PostgresFixture postgres = new();
    private readonly DevBrokerFixture broker = new();
    private readonly string keysFolder = Path.Combine(Path.GetTempPath(), $"fm-fuzz-keys-{Guid.NewGuid():N}");
    private InProcessApi? api;
    private string token = "";

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        var settings = ApiSettings.Base(postgres.ApiConnectionString);
        settings["FaultMaven:Kafka:BootstrapServers"] = broker.BootstrapServers;
        settings["FaultMaven:Auth:KeysPath"] = keysFolder;
        settings["FaultMaven:Auth:AllowPlainHttp"] = "true";
        settings["FaultMaven:Ingestion:HecTokens:0"] = HecToken;
        settings["FaultMaven:Ingestion:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["FaultMaven:RateLimits:Analysis:PermitLimit"] = "100000";
        settings["FaultMaven:RateLimits:Ingestion:PermitLimit"] = "100000";

        // No worker consumes here, so flow control would answer the large bodies with 503 "catching up" instead of checking them.
        settings["FaultMaven:Ingestion:FlowControl:Enabled"] = "false";
        api = new InProcessApi(settings);

        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        await WaitForAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, "/healthz");
        string? secret;
        using (var scope = api.Services.CreateScope())
        {
            // The identity store is migrated by a hosted service at start; retry until it is.
            var accounts = scope.ServiceProvider.GetRequiredService<AccountStore>();
            secret = await RetryAsync(() => accounts.CreateClientAsync("fuzzer", Roles.Admin, null, CancellationToken.None));
        }

        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "fuzzer", ["client_secret"] = secret!,
        }));
        token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        broker.Dispose();
        await postgres.DisposeAsync();
        if (Directory.Exists(keysFolder))
        {
            Directory.Delete(keysFolder, recursive: true);
        }
    }

    [Fact]
    public async Task Hostile_requests_to_every_endpoint_get_no_5xx_leave_the_service_healthy_and_store_nothing_partial()
    {
        var requests = Corpus().ToList();
        using var http = new HttpClient { BaseAddress = api!.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var serverErrors = new List<string>();
        var internals = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var refusedSources = new HashSet<string>(StringComparer.Ordinal);
        var acceptedSources = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            var hostile = requests[i];
            using var message = hostile.Build(token);
            using var response = await http.SendAsync(message);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                serverErrors.Add($"{hostile.Description}: {status} {Truncate(await response.Content.ReadAsStringAsync())}");
            }

            // A refusal speaks the client's terms: parameter names and JSON positions, not the server's .NET types.
            if (status is >= 400 and < 500 && await response.Content.ReadAsStringAsync() is var refusal && InternalTypeName().IsMatch(refusal))
            {
                internals.Add($"{hostile.Description}: {status} {Truncate(refusal)}");
            }

            if (hostile.Source?.StartsWith("fuzz-ok-", StringComparison.Ordinal) == true)
            {
                output.WriteLine($"{hostile.Description}: {status} {Truncate(await response.Content.ReadAsStringAsync())}");
            }

            if (hostile.Source is { } source)
            {
                (status is >= 200 and < 300 ? acceptedSources : refusedSources).Add(source);
            }

            if (i % 50 == 49)
            {
                Assert.True((await http.GetAsync("/healthz")).IsSuccessStatusCode, $"/healthz failed after request {i}: {hostile.Description}");
            }
        }

        output.WriteLine($"fuzz: {requests.Count} hostile requests over {requests.Select(r => r.Route).Distinct().Count()} endpoints; " +
                         $"statuses {string.Join(", ", statuses.Select(s => $"{s.Key}x{s.Value}"))}; 5xx: {serverErrors.Count}");
        foreach (var error in serverErrors)
        {
            output.WriteLine(error);
        }

        Assert.True((await http.GetAsync("/healthz")).IsSuccessStatusCode, "/healthz failed after the run");
        Assert.Empty(serverErrors);
        Assert.True(internals.Count == 0, $"refusals naming .NET types: {string.Join(Environment.NewLine, internals.Take(10))}");

        var produced = RawTopic.RecordsBySource(broker).Keys.ToHashSet();
        var leaked = produced.Intersect(refusedSources).ToList();
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<string>("SELECT source FROM findings UNION SELECT source FROM incidents WHERE source IS NOT NULL")).ToHashSet();
        var storedRefused = stored.Intersect(refusedSources).ToList();
        output.WriteLine($"sources: {acceptedSources.Count} accepted, {refusedSources.Count} refused; on logs.raw {produced.Count}; in PostgreSQL {stored.Count}");
        Assert.True(leaked.Count == 0, $"refused requests left records on logs.raw: {string.Join(", ", leaked)}");
        Assert.True(storedRefused.Count == 0, $"refused requests left rows in PostgreSQL: {string.Join(", ", storedRefused)}");
        Assert.Contains("fuzz-ok-10mb-line", produced);
        Assert.Contains("fuzz-ok-hec-form-type", produced);
    }

    /// <summary>One generated request; <see cref="Source"/> names what it would store under, when it stores anything.</summary>
    private sealed record Hostile(string Route, string Description, Func<string, HttpRequestMessage> Build, string? Source = null);

    private IEnumerable<Hostile> Corpus()
    {
        var routes = api!.Endpoints
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText ?? "/")))
            .Distinct()
            .ToList();
        var n = 0;
        foreach (var (method, pattern) in routes)
        {
            var route = $"{method} {pattern}";
            foreach (var text in HostileStrings)
            {
                var escaped = Uri.EscapeDataString(text);
                var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]*\}", escaped.Length > 2_000 ? escaped[..2_000] : escaped);
                var query = string.Join('&', QueryParameters.Select(p => $"{p}={escaped}"));
                yield return new(route, $"{route} with '{Describe(text)}' in path and query", t => Request(method, $"{path}?{query}", t, null));
            }

            if (method != HttpMethods.Post)
            {
                continue;
            }

            foreach (var (kind, content) in Bodies())
            {
                var source = $"fuzz-{++n}";
                var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]*\}", "inc-0000000000000000");
                yield return new(route, $"{route} with {kind}", t => Request(method, $"{path}?source={source}&storeAsIncident=true", t, content()), source);
            }
        }

        // A line ten times the producer's message limit is cut to its head, not a 500; a JSON HEC body under curl's default form type is read as JSON.
        yield return new("POST /logs/ingest", "a 10 MB single line", t => Request(HttpMethods.Post, "/logs/ingest?source=fuzz-ok-10mb-line", t,
            new ByteArrayContent(Encoding.ASCII.GetBytes(new string('x', 10 * 1024 * 1024) + "\n"))), "fuzz-ok-10mb-line");
        yield return new("POST /services/collector/event", "HEC JSON sent as application/x-www-form-urlencoded", _ =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/services/collector/event")
            {
                Content = new StringContent("""{"event":"hello","source":"fuzz-ok-hec-form-type"}""", Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            message.Headers.TryAddWithoutValidation("Authorization", $"Splunk {HecToken}");
            return message;
        }, "fuzz-ok-hec-form-type");
        yield return new("POST /logs/ingest", "a gzip body that decompresses past MaxBodyBytes", t => Request(HttpMethods.Post, "/logs/ingest?source=fuzz-gzip-bomb", t,
            Encoded(Gzip(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('y', 1023) + "\n", (int)(MaxBodyBytes / 1024) + 64)))), "gzip")), "fuzz-gzip-bomb");
        foreach (var returnUrl in new[] { "/\u0001", "/\r\nLocation: https://evil.invalid", "/%00", "//evil.invalid", "/\\evil.invalid" })
        {
            yield return new("POST /account/login", $"login with return URL '{Describe(returnUrl)}'", _ => new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "nobody", ["password"] = "x", ["returnUrl"] = returnUrl }),
            });
        }
    }

    /// <summary>Hostile bodies, each built afresh per request since content is disposed with its message.</summary>
    private static IEnumerable<(string Kind, Func<HttpContent> Content)> Bodies()
    {
        var nulJson = """{"incidentId":"a\u0000b","question":"\u0000","logs":"x\u0000y","rootCause":"\u0000","outcome":"worked","note":"\u0000","resolution":"\u0000","source":"\u0000","event":"\u0000"}""";
        yield return ("JSON strings holding NUL", () => Json(nulJson));
        yield return ("JSON with duplicate keys", () => Json("""{"event":"a","event":{"x":1},"source":"s","source":"t","resolution":"r","resolution":"s"}"""));
        yield return ("invalid UTF-8", () => new ByteArrayContent([0x7b, 0x22, 0x65, 0x76, 0x65, 0x6e, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        yield return ("JSON nested 10,000 deep", () => Json(new string('[', 10_000) + new string(']', 10_000)));
        yield return ("truncated JSON", () => Json("""{"incidentId":"inc-1","resolution":"""));
        yield return ("JSON of the wrong types", () => Json("""{"incidentId":[1],"resolution":{"a":1},"storeAsIncident":"maybe","logs":7,"event":null}"""));
        yield return ("text with NUL and control characters", () => new StringContent("ERROR a\0b \u0001\u001b[0m payment declined\n\0\n", Encoding.UTF8, "text/plain"));
        yield return ("Content-Encoding br over text that is not br", () => Encoded(Encoding.UTF8.GetBytes("line\n"), "br"));
        yield return ("Content-Encoding gzip, gzip", () => Encoded(Gzip(Encoding.UTF8.GetBytes("line\n")), "gzip, gzip"));
        yield return ("corrupt gzip", () => Encoded([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0x01, 0x02, 0x03], "gzip"));
        yield return ("multipart without a boundary", () => new ByteArrayContent(Encoding.ASCII.GetBytes("--x\r\n\r\nbody")) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data") } });
        yield return ("multipart cut off before its end", () => new ByteArrayContent(Encoding.ASCII.GetBytes(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.log\"\r\n\r\nERROR payment declined\n")) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b") } });
        yield return ("multipart file with NUL in its name and a corrupt .gz", () => new ByteArrayContent(
        [
            .. Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad\0name.gz\"\r\n\r\n"),
            0x1f, 0x8b, 0x00, 0x01,
            .. Encoding.ASCII.GetBytes("\r\n--b--\r\n"),
        ]) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b") } });
        yield return ("a 5 MB form body", () => new ByteArrayContent(Encoding.ASCII.GetBytes("a=" + new string('b', 5 * 1024 * 1024))) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded") } });
        yield return ("a form field holding NUL", () => new FormUrlEncodedContent(new Dictionary<string, string> { ["source"] = "\0", ["username"] = "\0", ["password"] = "\0", ["grant_type"] = "\0" }));
    }

    private static HttpRequestMessage Request(string method, string path, string? bearer, HttpContent? content)
    {
        var message = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        if (path.StartsWith("/services/collector", StringComparison.Ordinal))
        {
            message.Headers.TryAddWithoutValidation("Authorization", $"Splunk {HecToken}");
        }
        else if (bearer is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return message;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Encoded(byte[] body, string encoding)
    {
        var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } };
        content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        return content;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    private static string Describe(string text) =>
        text.Length > 40 ? $"{text.Length} characters" : string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static string Truncate(string text) => text.Length > 300 ? text[..300] : text;

    private static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception) when (attempt < 60)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{what} never answered");
    }

    [GeneratedRegex(@"Nullable<|\b(System|Microsoft|FaultMaven)\.[A-Z]\w*\.", RegexOptions.CultureInvariant)]
    private static partial Regex InternalTypeName();
}
