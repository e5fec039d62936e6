using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FaultMaven.Contracts;
using FaultMaven.Identity;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// A source name longer than <see cref="SourceNames.MaxLength"/> is refused at the edge by every endpoint that stores or
/// files under it, with a 400 naming the input and the limit, and nothing reaches logs.raw or PostgreSQL (a 3,000-letter
/// <c>?source=</c> with <c>storeAsIncident=true</c> was a 500: "index row size exceeds the btree maximum"); a name of
/// exactly the limit is stored.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class SourceNameLimitTests(SourceNameLimitTests.SharedApi shared, ITestOutputHelper output) : IClassFixture<SourceNameLimitTests.SharedApi>
{
    private const string HecToken = "source-limit-hec-token-0123";
    private static readonly string TooLong = Letters(3000);

    /// <summary>One API for the class, with HEC on and flow control off.</summary>
    public sealed class SharedApi : SharedIssuedApi
    {
        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["FaultMaven:Ingestion:HecTokens:0"] = HecToken;
            settings["FaultMaven:Ingestion:FlowControl:Enabled"] = "false";
        }
    }

    [Fact]
    public async Task Analyzing_logs_stored_as_an_incident_under_a_source_over_the_limit_is_a_400_naming_source_and_the_limit_and_one_at_the_limit_is_stored()
    {
        using var http = Client();
        var atLimit = Letters(SourceNames.MaxLength);

        using var text = await http.PostAsync($"/logs/analyze?storeAsIncident=true&source={TooLong}", new StringContent(ErrorLines(), Encoding.UTF8, "text/plain"));
        using var json = await http.PostAsJsonAsync("/logs/analyze", new { logs = ErrorLines(), source = TooLong, storeAsIncident = true });
        using var files = await http.PostAsync("/logs/analyze?storeAsIncident=true", Files(TooLong + ".log"));
        using var stored = await http.PostAsync($"/logs/analyze?storeAsIncident=true&source={atLimit}", new StringContent(ErrorLines(), Encoding.UTF8, "text/plain"));

        await AssertRefusedAsync(text, "source");
        await AssertRefusedAsync(json, "source");
        await AssertRefusedAsync(files, "file");
        var body = await stored.Content.ReadAsStringAsync();
        Assert.True(stored.StatusCode == HttpStatusCode.OK, body);
        Assert.NotEqual(0, JsonDocument.Parse(body).RootElement.GetProperty("incidentIds").GetArrayLength());
        var incidents = await http.GetFromJsonAsync<JsonElement>($"/incidents?source={atLimit}");
        Assert.NotEqual(0, incidents.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Ingesting_under_a_source_over_the_limit_is_refused_by_ingest_hec_and_pull_and_nothing_reaches_logs_raw()
    {
        using var http = Client();
        var eventSource = "hec-event-" + TooLong;
        var rawSource = "hec-raw-" + TooLong;

        using var ingest = await http.PostAsync($"/logs/ingest?source={TooLong}", new StringContent("one\ntwo\n", Encoding.UTF8, "text/plain"));
        using var ingestFiles = await http.PostAsync("/logs/ingest", Files("file-" + TooLong + ".log"));
        using var pull = await http.PostAsync($"/integrations/splunk/pull?source={TooLong}", null);
        using var hecEvent = await HecAsync("/services/collector/event", new StringContent(JsonSerializer.Serialize(new { @event = "one", source = eventSource })));
        using var hecRaw = await HecAsync($"/services/collector/raw?source={rawSource}", new StringContent("one\n"));

        await AssertRefusedAsync(ingest, "source");
        await AssertRefusedAsync(ingestFiles, "file");
        await AssertRefusedAsync(pull, "source");
        foreach (var (hec, where) in new[] { (hecEvent, "the source of event 0"), (hecRaw, "?source=") })
        {
            var answer = JsonDocument.Parse(await hec.Content.ReadAsStringAsync()).RootElement;
            output.WriteLine($"{(int)hec.StatusCode} {answer}");
            Assert.Equal(HttpStatusCode.BadRequest, hec.StatusCode);
            Assert.Equal(6, answer.GetProperty("code").GetInt32());
            Assert.Contains($"{where} is ", answer.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains($"at most {SourceNames.MaxLength}", answer.GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        var sources = RawTopic.RecordsBySource(shared.RawBroker).Keys;
        Assert.DoesNotContain(sources, source => source.Length > SourceNames.MaxLength);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string parameter)
    {
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}");
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(parameter).EnumerateArray()).GetString();
        Assert.Contains($"at most {SourceNames.MaxLength}", message, StringComparison.Ordinal);
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = shared.Host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shared.TokenIssuer.Token("shipper", [Roles.Responder]));
        return http;
    }

    private async Task<HttpResponseMessage> HecAsync(string path, HttpContent content)
    {
        using var http = new HttpClient { BaseAddress = shared.Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", $"Splunk {HecToken}");
        return await http.SendAsync(request);
    }

    private static MultipartFormDataContent Files(string fileName) => new() { { new StringContent(ErrorLines()), "file", fileName } };

    /// <summary>Eight errors within a minute: a burst, so analysis finds something to store.</summary>
    private static string ErrorLines() =>
        string.Join('\n', Enumerable.Range(0, 8).Select(i => $"2026-12-01T10:00:{i:00}Z ERROR connect ECONNREFUSED 10.0.0.5:5432 (attempt {i})")) + "\n";

    private static string Letters(int count) => string.Concat(Enumerable.Range(0, count).Select(i => (char)('a' + (i * 7 % 26))));
}
