using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FaultMaven.Identity;
using FaultMaven.Testing.Http;
using FaultMaven.Testing.Processes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FaultMaven.Api.Tests;

/// <summary>
/// <c>POST /integrations/{store}/pull</c> through Kestrel onto the real dev broker, with a Splunk stub (Splunk cannot
/// run here) replaying the documented export stream; Datadog left unconfigured.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class LogPullEndpointTests : IssuedApiTest
{
    private const string Token = "splunk-token-0123456789";
    private readonly Uri splunkAddress = new($"http://127.0.0.1:{ServiceProcess.FreePort()}");

    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["FaultMaven:Integrations:Splunk:Url"] = splunkAddress.ToString();
        settings["FaultMaven:Integrations:Splunk:Token"] = Token;
    }

    [Fact]
    public async Task Logs_pulled_from_a_splunk_stub_for_a_window_go_onto_logs_raw_under_the_source()
    {
        await using var splunk = await StubServer.StartAsync("POST", "/services/search/v2/jobs/export", (_, _, context) => context.Response.WriteAsync(
            """
            {"preview":false,"offset":0,"result":{"_raw":"2026-11-30 12:01:00,120 ERROR payment gateway timeout after 3000 ms","_time":"2026-11-30T12:01:00.120+00:00","host":"web-1"}}
            {"preview":false,"offset":1,"lastrow":true,"result":{"_raw":"2026-11-30 12:02:00,000 INFO order 42 paid","_time":"2026-11-30T12:02:00.000+00:00","host":"web-2"}}

            """), splunkAddress);
        using var http = Http();

        using var response = await http.PostAsync("/integrations/splunk/pull?source=checkout&from=2026-11-30T12:00:00Z&to=2026-11-30T12:30:00Z", null);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, receipt.ToString());
        Assert.Equal(2, receipt.GetProperty("lines").GetInt64());
        Assert.Equal(receipt.GetProperty("records").GetInt64(), RawTopic.RecordsBySource(Broker).GetValueOrDefault("checkout"));
        Assert.Equal("search index=* service=\"checkout\"", QueryHelpers.ParseQuery(Assert.Single(splunk.Requests).Body)["search"].ToString());
    }

    [Fact]
    public async Task A_pull_from_an_unconfigured_datadog_is_a_service_unavailable_problem_naming_the_key_and_an_unknown_store_is_a_bad_request()
    {
        using var http = Http();

        using var datadog = await http.PostAsync("/integrations/datadog/pull?source=checkout", null);
        var problem = await datadog.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, datadog.StatusCode);
        Assert.Contains("FaultMaven:Integrations:Datadog:Url", problem.GetProperty("detail").GetString());

        using var unknown = await http.PostAsync("/integrations/loki/pull?source=checkout", null);
        var invalid = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("use splunk or datadog", invalid.GetProperty("errors").GetProperty("store")[0].GetString());
        Assert.Empty(RawTopic.RecordsBySource(Broker));
    }

    private HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = Api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Token("rae", [Roles.Responder]));
        return http;
    }
}
