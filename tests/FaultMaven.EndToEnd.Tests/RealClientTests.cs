using System.Net;
using System.Text.Json;
using FaultMaven.Contracts;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>The system with HEC's query-string token enabled, as Splunk allows per token.</summary>
public sealed class QueryStringTokenSystem : RunningSystem
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("FAULTMAVEN__INGESTION__HECQUERYSTRINGTOKEN", "true")];
}

/// <summary>
/// Real clients from the registries send to FaultMaven as their users would: Splunk's splunk-logging library to the
/// HEC endpoints and kafkajs to the broker; and HEC takes what Splunk's HEC takes, answering with HEC's codes.
/// </summary>
public sealed class RealClientTests(QueryStringTokenSystem system) : IClassFixture<QueryStringTokenSystem>
{
    [Fact]
    public async Task Splunks_splunk_logging_library_sends_a_batch_to_its_default_path_and_every_event_is_stored()
    {
        var (exitCode, output) = await NodeClients.RunAsync("hec-splunk-logging.js", system.Api.BaseAddress!.ToString(), RunningSystem.HecToken, "splunk-logging-js", "25");

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"code\":0", output, StringComparison.Ordinal);
        await system.WaitForCount("25 splunk-logging events stored", () => system.StoredLines("splunk-logging-js"), 25);
        var stored = (await system.GetJson("/logs?source=splunk-logging-js&limit=1")).GetProperty("items")[0];
        Assert.StartsWith("splunk-logging event", stored.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("node-client", stored.GetProperty("host").GetString());
        Assert.Equal("error", stored.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Lines_produced_with_kafkajs_are_stored()
    {
        var (exitCode, output) = await NodeClients.RunAsync("kafkajs-produce.js", system.BootstrapServers, Topics.Raw, "kafkajs-source", "40");

        Assert.True(exitCode == 0, output);
        await system.WaitForCount("40 kafkajs lines stored", () => system.StoredLines("kafkajs-source"), 40);
    }

    [Fact]
    public async Task Hec_takes_concatenated_events_without_a_content_type_with_string_and_decimal_times_fields_a_channel_and_the_query_token()
    {
        const string events = """{"time":"1764064800.250","source":"hec-compat","event":"string time","fields":{"region":"eu-west-1"}}{"time":1764064801.5,"source":"hec-compat","event":{"message":"number time","level":"warn"}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/services/collector/event/1.0?token={RunningSystem.HecToken}")
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(events)),
        };
        request.Headers.Add("X-Splunk-Request-Channel", Guid.NewGuid().ToString());

        var (status, code) = await SendAsync(request);

        Assert.Equal((HttpStatusCode.OK, 0), (status, code));
        await system.WaitForCount("2 HEC events stored", () => system.StoredLines("hec-compat"), 2);
        var stored = (await system.GetJson("/logs?source=hec-compat")).GetProperty("items").EnumerateArray()
            .ToDictionary(item => item.GetProperty("message").GetString()!, item => item);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764064800250), stored["string time"].GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764064801500), stored["number time"].GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("eu-west-1", stored["string time"].GetProperty("attributes").GetProperty("region").GetString());
    }

    [Fact]
    public async Task The_versioned_health_path_answers_like_splunks()
    {
        using var shipper = new HttpClient { BaseAddress = system.Api.BaseAddress };

        var response = await shipper.GetAsync("/services/collector/health/1.0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(17, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("/services/collector/event", "", null, HttpStatusCode.BadRequest, 5)]
    [InlineData("/services/collector/event", "{\"time\": 1764064800}", null, HttpStatusCode.BadRequest, 12)]
    [InlineData("/services/collector/event/1.0", "{\"event\": \"  \"}", null, HttpStatusCode.BadRequest, 13)]
    [InlineData("/services/collector/event", "{\"event\": \"x\", \"time\": \"yesterday\"}", null, HttpStatusCode.BadRequest, 6)]
    [InlineData("/services/collector/raw/1.0", "a line", "not-a-guid", HttpStatusCode.BadRequest, 11)]
    public async Task Hec_refuses_what_splunks_hec_refuses_with_its_codes(string path, string body, string? channel, HttpStatusCode status, int code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        request.Headers.TryAddWithoutValidation("Authorization", $"Splunk {RunningSystem.HecToken}");
        if (channel is not null)
        {
            request.Headers.Add("X-Splunk-Request-Channel", channel);
        }

        Assert.Equal((status, code), await SendAsync(request));
    }

    private async Task<(HttpStatusCode Status, int Code)> SendAsync(HttpRequestMessage request)
    {
        using var shipper = new HttpClient { BaseAddress = system.Api.BaseAddress };
        var response = await shipper.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains("\"code\"", StringComparison.Ordinal), $"{(int)response.StatusCode}: {body}");
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("code").GetInt32());
    }
}
