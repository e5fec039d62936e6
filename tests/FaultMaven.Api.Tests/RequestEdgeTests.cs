using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FaultMaven.Api.Robustness;
using FaultMaven.Identity;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// The small edges a new user met (trial 17, finding 14), through real Kestrel: a target or headers over the limits
/// answered with a problem, not an empty 414 or 431; a source or flag given in the query and the body with different
/// values refused rather than one silently taken; a JSON error worded for the client; and /context/retrieve refusing
/// the two parameters it was silently ignoring.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class RequestEdgeTests(RequestEdgeTests.SharedApi shared, ITestOutputHelper output) : IClassFixture<RequestEdgeTests.SharedApi>
{
    private const string Logs = "2026-12-01T10:00:00Z ERROR connect ECONNREFUSED 10.0.0.5:5432\n2026-12-01T10:00:01Z ERROR connect ECONNREFUSED 10.0.0.5:5432\n";

    /// <summary>One API for the class.</summary>
    public sealed class SharedApi : SharedIssuedApi;

    [Fact]
    public async Task A_target_or_headers_over_the_limit_are_answered_with_a_414_or_431_problem_naming_the_limit()
    {
        using var http = new HttpClient { BaseAddress = shared.Host.BaseAddress };
        using var headers = new HttpRequestMessage(HttpMethod.Get, "/findings");
        headers.Headers.TryAddWithoutValidation("X-Large", new string('h', 40_000));

        using var target = await http.GetAsync($"/findings?q={new string('u', 9_000)}");
        using var header = await http.SendAsync(headers);

        await AssertProblemAsync(target, HttpStatusCode.RequestUriTooLong, $"at most {RequestSizeGuard.MaxTargetBytes}");
        await AssertProblemAsync(header, HttpStatusCode.RequestHeaderFieldsTooLarge, $"at most {RequestSizeGuard.MaxHeaderBytes}");
    }

    [Fact]
    public async Task A_source_or_storeAsIncident_given_in_the_query_and_the_body_with_different_values_is_a_400_naming_it_and_the_query_alone_holds_for_a_json_body()
    {
        using var http = Client();

        using var sources = await http.PostAsJsonAsync("/logs/analyze?source=edge-query", new { logs = Logs, source = "edge-body" });
        using var flags = await http.PostAsJsonAsync("/logs/analyze?storeAsIncident=false", new { logs = Logs, source = "edge-flags", storeAsIncident = true });
        using var form = await http.PostAsync("/logs/analyze?source=edge-query", new MultipartFormDataContent { { new StringContent(Logs), "file", "a.log" }, { new StringContent("edge-form"), "source" } });
        using var ingest = await http.PostAsync("/logs/ingest?source=edge-query", new MultipartFormDataContent { { new StringContent(Logs), "file", "a.log" }, { new StringContent("edge-form"), "source" } });
        using var same = await http.PostAsJsonAsync("/logs/analyze?source=edge-same&storeAsIncident=true", new { logs = Logs, source = "edge-same" });

        await AssertProblemAsync(sources, HttpStatusCode.BadRequest, "?source=edge-query and 'edge-body'", "source");
        await AssertProblemAsync(flags, HttpStatusCode.BadRequest, "?storeAsIncident=false and 'true'", "storeAsIncident");
        await AssertProblemAsync(form, HttpStatusCode.BadRequest, "?source=edge-query and 'edge-form'", "source");
        await AssertProblemAsync(ingest, HttpStatusCode.BadRequest, "?source=edge-query and 'edge-form'", "source");
        var body = await same.Content.ReadAsStringAsync();
        Assert.True(same.StatusCode == HttpStatusCode.OK, body);
        // The query's storeAsIncident=true held for a JSON body that did not say: the analysis was stored under the source.
        Assert.NotEqual(0, JsonDocument.Parse(body).RootElement.GetProperty("incidentIds").GetArrayLength());
        Assert.NotEqual(0, (await http.GetFromJsonAsync<JsonElement>("/incidents?source=edge-same")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"question\":\"why?\",}", "a comma after the last member of a JSON object, which JSON does not allow; remove it")]
    [InlineData("{\"question\":\"why?\",\"logs\":[1,]}", "not the JSON this endpoint takes")]
    [InlineData("   ", "the body holds no JSON value (it is empty or only white space)")]
    public async Task A_json_body_that_does_not_parse_is_explained_in_the_clients_terms_without_dotnet_advice(string json, string expected)
    {
        using var http = Client();

        using var response = await http.PostAsync("/query", new StringContent(json, Encoding.UTF8, "application/json"));

        var detail = await AssertProblemAsync(response, HttpStatusCode.BadRequest, expected);
        Assert.DoesNotContain("reader options", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mode", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("isFinalBlock", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k", "'limit'")]
    [InlineData("cursor", "one page")]
    public async Task Context_retrieve_refuses_the_parameters_it_does_not_read_that_its_clients_send_naming_them(string parameter, string explanation)
    {
        using var http = Client();

        using var response = await http.GetAsync($"/context/retrieve?q=disk+full&{parameter}=3");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, explanation, parameter);
    }

    /// <summary>Asserts a problem of <paramref name="status"/> whose text (or the message for <paramref name="parameter"/>) contains <paramref name="expected"/>; returns the body.</summary>
    private async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string expected, string? parameter = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} {body}");
        Assert.True(response.StatusCode == status, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, body, StringComparison.Ordinal);
        if (parameter is not null)
        {
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(parameter, out _), body);
        }

        return body;
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = shared.Host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shared.TokenIssuer.Token("rae", [Roles.Responder]));
        return http;
    }
}
