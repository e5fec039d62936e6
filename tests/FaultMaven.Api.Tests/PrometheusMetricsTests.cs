using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FaultMaven.Identity;
using FaultMaven.Testing;
using FaultMaven.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FaultMaven.Api.Tests;

/// <summary>
/// Debian's real prometheus (2.42) scrapes, every second, a target this test serves on Kestrel, whose error counter
/// the test makes jump; the API reads the error rate through Prometheus' range-query API and reports the jump as a
/// metric anomaly carrying its PromQL, on its own, in an alert's incident, and cited by /query and /logs/analyze.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class PrometheusMetricsTests : IssuedApiTest
{
    private const string Service = "checkout";
    private const string ErrorRate = """sum(rate(http_requests_total{service="{service}",code=~"5.."}[5s])) / sum(rate(http_requests_total{service="{service}"}[5s]))""";
    private readonly Uri prometheusAddress = new($"http://127.0.0.1:{ServiceProcess.FreePort()}");
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;

    /// <summary>Set by the test: from then on every scrape sees 60 more failed requests beside the 100 good ones.</summary>
    private volatile bool failing;
    private long ok;
    private long errors;

    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["FaultMaven:Integrations:Prometheus:Url"] = prometheusAddress.ToString();
        settings["FaultMaven:Integrations:Prometheus:Step"] = "00:00:01";
        settings["FaultMaven:Integrations:Prometheus:BaselineLookback"] = "00:02:00";
        settings["FaultMaven:Integrations:Prometheus:Queries:error-rate"] = ErrorRate;
        foreach (var signal in new[] { "latency-p99", "cpu", "memory", "restarts" })
        {
            settings[$"FaultMaven:Integrations:Prometheus:Queries:{signal}"] = "";
        }
    }

    [Fact]
    public async Task An_error_rate_jump_scraped_by_a_real_prometheus_is_a_metric_anomaly_with_its_query_in_an_alerts_incident_and_in_query_and_analyze_answers()
    {
        await using var target = await StartTargetAsync();
        await using var prometheus = await StartPrometheusAsync(target.Urls.First());
        using var http = Http(Issuer.Token("rae", [Roles.Responder]));
        using var prometheusApi = new HttpClient { BaseAddress = prometheusAddress };
        var query = ErrorRate.Replace("{service}", Service, StringComparison.Ordinal);

        // A calm baseline first: the detector warms up on ten samples before it judges any.
        await Progress.UntilCount(
            "prometheus holds 15 samples of checkout's error rate",
            async () => (await ValuesAsync(prometheusApi, query)).Count, n => n >= 15,
            () => Task.FromResult($"prometheus:\n{Progress.Tail(prometheus.Output)}"));
        failing = true;
        var failingSince = DateTimeOffset.UtcNow;
        await Progress.Until(
            "prometheus sees checkout's error rate above 0.2",
            async () => (await ValuesAsync(prometheusApi, query)).LastOrDefault() > 0.2,
            () => Task.FromResult(Interlocked.Read(ref errors)),
            () => Task.FromResult($"values: {string.Join(", ", ValuesAsync(prometheusApi, query).Result)}\nprometheus:\n{Progress.Tail(prometheus.Output)}"));

        var anomalies = await http.GetFromJsonAsync<JsonElement>(
            $"/integrations/prometheus/anomalies?source={Service}&from={Uri.EscapeDataString(started.ToString("o"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("o"))}");
        var anomaly = Assert.Single(anomalies.EnumerateArray());
        Assert.Equal("metric-anomaly", anomaly.GetProperty("kind").GetString());
        Assert.StartsWith("error-rate of checkout rose to ", anomaly.GetProperty("title").GetString());
        Assert.Contains($"PromQL: {query}", anomaly.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
        var anomalyStart = anomaly.GetProperty("windowStart").GetDateTimeOffset();
        Assert.True(anomalyStart >= failingSince.AddSeconds(-2), $"the anomaly starts at {anomalyStart:o}, before the errors began at {failingSince:o}");

        // An alert's incident: the queued analysis attaches the anomaly, and /query about the incident cites it.
        var alert = new
        {
            version = "4",
            status = "firing",
            receiver = "faultmaven",
            alerts = new[] { new { status = "firing", labels = new Dictionary<string, string> { ["alertname"] = "CheckoutErrors", ["service"] = Service }, startsAt = failingSince.AddSeconds(5) } },
        };
        var receipt = await (await http.PostAsJsonAsync("/ingest/alertmanager", alert)).Content.ReadFromJsonAsync<JsonElement>();
        var incidentId = receipt.GetProperty("alerts")[0].GetProperty("incidentId").GetString()!;
        var kinds = new List<string>();
        await Progress.Until(
            "the alert's analysis attached the metric anomaly to its incident",
            async () => (kinds = [.. (await http.GetFromJsonAsync<JsonElement>($"/incidents/{incidentId}")).GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!)]).Contains("metric-anomaly"),
            () => Task.FromResult((long)kinds.Count),
            () => Task.FromResult($"receipt: {receipt}; finding kinds: {string.Join(", ", kinds)}"));
        var answer = await (await http.PostAsJsonAsync("/query", new { question = "why is checkout failing?", incidentId })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(answer.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "metric-anomaly");

        // Pasted logs of checkout whose errors span the jump: the answer cites the anomaly beside the error bursts.
        var lines = new[] { started, DateTimeOffset.UtcNow }
            .SelectMany(at => Enumerable.Range(0, 6).Select(i => $"{at.AddMilliseconds(i):yyyy-MM-ddTHH:mm:ss.fffZ} ERROR payment gateway timeout after 3000 ms"));
        using var analyze = await http.PostAsync($"/logs/analyze?source={Service}", new StringContent(string.Join('\n', lines)));
        var analyzed = await analyze.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(analyze.IsSuccessStatusCode, analyzed.ToString());
        var analyzedKinds = analyzed.GetProperty("analysis").GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        Assert.True(analyzedKinds.Contains("metric-anomaly") && analyzedKinds.Contains("error-burst"), $"kinds: {string.Join(", ", analyzedKinds)}");
    }

    [Fact]
    public async Task A_prometheus_that_refuses_the_query_is_a_bad_gateway_problem_quoting_its_error()
    {
        await using var target = await StartTargetAsync();
        await using var prometheus = await StartPrometheusAsync(target.Urls.First());
        using var http = Http(Issuer.Token("rae", [Roles.Responder]));
        using var response = await http.GetAsync($"/integrations/prometheus/anomalies?source={Uri.EscapeDataString("check\"out")}&from={Uri.EscapeDataString(started.AddMinutes(-5).ToString("o"))}");
        var body = await response.Content.ReadAsStringAsync();

        // The quote is escaped into the PromQL string, so the query is valid and simply finds no series.
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("[]", body);

        await prometheus.DisposeAsync();
        using var refused = await http.GetAsync($"/integrations/prometheus/anomalies?source={Service}");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal("Prometheus did not answer the query", problem.GetProperty("title").GetString());
        Assert.Contains(prometheusAddress.ToString(), problem.GetProperty("detail").GetString());
    }

    private HttpClient Http(string token)
    {
        var http = new HttpClient { BaseAddress = Api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The error-rate values Prometheus holds since the test began, oldest first.</summary>
    private async Task<List<double>> ValuesAsync(HttpClient prometheusApi, string query)
    {
        var now = DateTimeOffset.UtcNow;
        var url = $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={started.ToUnixTimeSeconds()}&end={now.ToUnixTimeSeconds()}&step=1";
        var result = (await prometheusApi.GetFromJsonAsync<JsonElement>(url)).GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? []
            : [.. result[0].GetProperty("values").EnumerateArray().Select(v => double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)).Where(double.IsFinite)];
    }

    /// <summary>A service's /metrics in Prometheus' text format: every scrape counts 100 good requests, and 60 failed ones once failing.</summary>
    private async Task<WebApplication> StartTargetAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/metrics", () =>
        {
            var good = Interlocked.Add(ref ok, 100);
            var bad = failing ? Interlocked.Add(ref errors, 60) : Interlocked.Read(ref errors);
            return Results.Text(
                $$"""
                # TYPE http_requests_total counter
                http_requests_total{service="{{Service}}",code="200"} {{good}}
                http_requests_total{service="{{Service}}",code="500"} {{bad}}

                """,
                "text/plain; version=0.0.4");
        });
        await app.StartAsync();
        return app;
    }

    private Task<PrometheusServer> StartPrometheusAsync(string target) =>
        PrometheusServer.StartAsync(new Dictionary<string, string> { ["checkout"] = new Uri(target).Authority }, prometheusAddress);
}
