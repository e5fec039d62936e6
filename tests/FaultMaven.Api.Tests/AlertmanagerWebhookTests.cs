using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultMaven.Contracts;
using FaultMaven.Identity;
using FaultMaven.Testing;
using FaultMaven.Testing.Processes;

namespace FaultMaven.Api.Tests;

/// <summary>
/// Debian's real prometheus-alertmanager (0.25) sends its webhook to the API on Kestrel: a firing alert opens an
/// incident and starts the analysis of its service's stored logs, a resolved one resolves the incident.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class AlertmanagerWebhookTests : IssuedApiTest
{
    private const string Alertmanager = "/usr/bin/prometheus-alertmanager";
    private const string Service = "checkout";
    private const string GeneratorUrl = "http://prometheus.example:9090/graph?g0.expr=rate%28http_errors_total%5B1m%5D%29+%3E+1";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>Eight errors within one minute of the tumbling error-burst window, three minutes before the alert.</summary>
    private static readonly DateTimeOffset BurstMinute = new DateTimeOffset(Now.Ticks - (Now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(-3);

    protected override async Task SeedAsync()
    {
        var events = Enumerable.Range(0, 8)
            .Select(i => new LogEvent(
                BurstMinute.AddSeconds(5 + i), Service, Service, "web-1", Severity.Error, $"payment gateway timeout after 3000 ms (order {1000 + i})",
                new Dictionary<string, string>(), new RawOffset("logs.raw", 0, i, 0, 1000 + i)))
            .ToList();
        await StoreLogsAsWorkerAsync(events);
    }

    [Fact]
    public async Task A_firing_alert_from_a_real_alertmanager_opens_an_incident_with_its_labels_and_analyzes_the_service_logs_and_its_resolution_resolves_it()
    {
        using var http = Http(Issuer.Token("alertmanager", [Roles.Responder]));
        var address = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        await using var alertmanager = await StartAlertmanagerAsync(address, Issuer.Token("alertmanager", [Roles.Responder]));
        using var alertmanagerApi = new HttpClient { BaseAddress = address };
        var startsAt = Now.AddSeconds(-30);
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = "CheckoutErrorRate", ["service"] = Service, ["severity"] = "critical" },
            ["annotations"] = new JsonObject { ["summary"] = "checkout answers 5xx to 12% of requests", ["runbook_url"] = "https://runbooks.example/checkout" },
            ["generatorURL"] = GeneratorUrl,
            ["startsAt"] = startsAt.ToString("o"),
        };
        (await alertmanagerApi.PostAsJsonAsync("/api/v2/alerts", new JsonArray(alert.DeepClone()))).EnsureSuccessStatusCode();

        JsonElement incident = default;
        await Progress.Until(
            "the firing alert opened an incident of checkout",
            async () => (incident = await OnlyIncidentAsync(http)).ValueKind == JsonValueKind.Object,
            () => Task.FromResult((long)alertmanager.Output.Length),
            () => Task.FromResult($"alertmanager:\n{Progress.Tail(alertmanager.Output)}"));
        var incidentId = incident.GetProperty("id").GetString()!;
        Assert.Equal("open", incident.GetProperty("status").GetString());
        Assert.Equal("fatal", incident.GetProperty("severity").GetString());
        Assert.Contains("CheckoutErrorRate", incident.GetProperty("title").GetString());

        var alerts = await http.GetFromJsonAsync<JsonElement>($"/incidents/{incidentId}/alerts");
        var filed = Assert.Single(alerts.EnumerateArray());
        Assert.Equal("firing", filed.GetProperty("status").GetString());
        Assert.Equal("critical", filed.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("https://runbooks.example/checkout", filed.GetProperty("annotations").GetProperty("runbook_url").GetString());
        Assert.Equal(GeneratorUrl, filed.GetProperty("generatorUrl").GetString());
        Assert.Equal(16, filed.GetProperty("fingerprint").GetString()!.Length);

        // The analysis of checkout's stored logs for the alert window runs after the webhook's answer.
        var kinds = new List<string>();
        await Progress.Until(
            "the analysis of checkout's logs attached an error burst to the incident",
            async () => (kinds = await FindingKindsAsync(http, incidentId)).Contains("error-burst"),
            () => Task.FromResult((long)kinds.Count),
            () => Task.FromResult($"finding kinds of {incidentId}: {string.Join(", ", kinds)}"));
        Assert.Contains("alert", kinds);

        alert["endsAt"] = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("o");
        (await alertmanagerApi.PostAsJsonAsync("/api/v2/alerts", new JsonArray(alert))).EnsureSuccessStatusCode();
        await Progress.Until(
            "the resolved alert resolved the incident",
            async () => (await http.GetFromJsonAsync<JsonElement>($"/incidents/{incidentId}")).GetProperty("incident").GetProperty("status").GetString() == "resolved",
            () => Task.FromResult((long)alertmanager.Output.Length),
            () => Task.FromResult($"alertmanager:\n{Progress.Tail(alertmanager.Output)}"));
        var resolved = (await http.GetFromJsonAsync<JsonElement>($"/incidents/{incidentId}")).GetProperty("incident");
        Assert.StartsWith("Alertmanager: alert CheckoutErrorRate resolved at ", resolved.GetProperty("resolution").GetString());
        Assert.Equal("resolved", Assert.Single((await http.GetFromJsonAsync<JsonElement>($"/incidents/{incidentId}/alerts")).EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_info_alert_is_stored_in_no_incident_until_an_alert_that_opens_one_fires_and_its_repeat_joins_that()
    {
        using var http = Http(Issuer.Token("alertmanager", [Roles.Responder]));
        var source = $"batch-reports-{Guid.NewGuid():N}";
        var startsAt = Now.AddMinutes(-2);
        object Alert(string name, string severity) => new
        {
            status = "firing",
            labels = new Dictionary<string, string> { ["alertname"] = name, ["service"] = source, ["severity"] = severity },
            annotations = new Dictionary<string, string> { ["summary"] = $"{name} of {source}" },
            startsAt = startsAt.ToString("o"),
        };
        async Task<JsonElement> SendAsync(object alert)
        {
            using var response = await http.PostAsJsonAsync("/ingest/alertmanager", new { version = "4", status = "firing", receiver = "faultmaven", alerts = new[] { alert } });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alerts").EnumerateArray());
        }

        var info = await SendAsync(Alert("NightlyReportLate", "info"));
        var stored = Assert.Single((await http.GetFromJsonAsync<JsonElement>($"/findings?source={source}&kind=alert")).GetProperty("items").EnumerateArray());
        var incidentsBefore = (await http.GetFromJsonAsync<JsonElement>($"/incidents?source={source}")).GetProperty("items").GetArrayLength();
        var warning = await SendAsync(Alert("ReportQueueBacklog", "warning"));
        var repeated = await SendAsync(Alert("NightlyReportLate", "info"));

        Assert.Equal(("stored", JsonValueKind.Null, false), (info.GetProperty("outcome").GetString(), info.GetProperty("incidentId").ValueKind, info.GetProperty("analysisQueued").GetBoolean()));
        Assert.Equal(("info", JsonValueKind.Null), (stored.GetProperty("severity").GetString(), stored.GetProperty("incidentId").ValueKind));
        Assert.Equal(0, incidentsBefore);
        Assert.Equal("opened", warning.GetProperty("outcome").GetString());
        Assert.Equal(("joined", warning.GetProperty("incidentId").GetString()), (repeated.GetProperty("outcome").GetString(), repeated.GetProperty("incidentId").GetString()));
    }

    [Fact]
    public async Task An_alert_whose_service_label_is_over_the_source_limit_is_filed_under_a_shortened_name_and_its_resolution_resolves_it()
    {
        using var http = Http(Issuer.Token("alertmanager", [Roles.Responder]));
        var service = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + (i * 11 % 26))));
        var alert = new Dictionary<string, object>
        {
            ["status"] = "firing",
            ["labels"] = new Dictionary<string, string> { ["alertname"] = "LongNamedServiceDown", ["service"] = service, ["severity"] = "critical" },
            ["startsAt"] = Now.AddMinutes(-1).ToString("o"),
            ["fingerprint"] = $"{Guid.NewGuid():N}"[..16],
        };
        async Task<JsonElement> SendAsync()
        {
            using var response = await http.PostAsJsonAsync("/ingest/alertmanager", new { version = "4", status = alert["status"], receiver = "faultmaven", alerts = new[] { alert } });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("alerts").EnumerateArray());
        }

        var fired = await SendAsync();
        alert["status"] = "resolved";
        alert["endsAt"] = Now.ToString("o");
        var resolved = await SendAsync();

        var source = fired.GetProperty("source").GetString()!;
        Assert.Equal(SourceNames.MaxLength, source.Length);
        Assert.Equal(SourceNames.Shorten(service), source);
        Assert.StartsWith(service[..400], source, StringComparison.Ordinal);
        Assert.Matches("…[0-9a-f]{8}$", source);
        Assert.Equal("opened", fired.GetProperty("outcome").GetString());
        Assert.Equal(("resolved-incident", source), (resolved.GetProperty("outcome").GetString(), resolved.GetProperty("source").GetString()));
        var incident = (await http.GetFromJsonAsync<JsonElement>($"/incidents/{fired.GetProperty("incidentId").GetString()}")).GetProperty("incident");
        Assert.Equal("resolved", incident.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_payload_that_is_not_an_alertmanager_webhook_of_version_4_is_refused_with_problem_details_naming_the_fields()
    {
        using var http = Http(Issuer.Token("alertmanager", [Roles.Responder]));
        var payload = new { version = "3", alerts = new object[] { new { status = "firing", labels = new { }, startsAt = "2026-11-30T10:00:00Z" }, new { status = "paused" } } };
        using var response = await http.PostAsJsonAsync("/ingest/alertmanager", payload);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        string[] expected = ["version", "alerts[0].labels", "alerts[1].status", "alerts[1].labels", "alerts[1].startsAt"];
        Assert.Equal(expected.Order(), errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Empty(await OnlyIncidentsAsync(http));
    }

    [Fact]
    public async Task Metric_anomalies_asked_of_an_unconfigured_prometheus_are_a_service_unavailable_problem_naming_the_key()
    {
        using var http = Http(Issuer.Token("rae", [Roles.Responder]));
        using var response = await http.GetAsync($"/integrations/prometheus/anomalies?source={Service}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Prometheus integration not configured", problem.GetProperty("title").GetString());
        Assert.Contains("FaultMaven:Integrations:Prometheus:Url", problem.GetProperty("detail").GetString());
    }

    private HttpClient Http(string token)
    {
        var http = new HttpClient { BaseAddress = Api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<JsonElement> OnlyIncidentAsync(HttpClient http) =>
        (await OnlyIncidentsAsync(http)) is [var only] ? only : default;

    private static async Task<List<JsonElement>> OnlyIncidentsAsync(HttpClient http) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"/incidents?source={Service}")).GetProperty("items").EnumerateArray()];

    private static async Task<List<string>> FindingKindsAsync(HttpClient http, string incidentId) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"/incidents/{incidentId}")).GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!)];

    /// <summary>Alertmanager with one webhook receiver, the API, sending at once (1 s group wait and interval), resolved alerts too.</summary>
    private async Task<RunningProgram> StartAlertmanagerAsync(Uri address, string token)
    {
        var folder = Directory.CreateTempSubdirectory("fm-alertmanager-").FullName;
        var config = Path.Combine(folder, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: faultmaven
              group_by: [alertname, service]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: faultmaven
                webhook_configs:
                  - url: {Api.BaseAddress}ingest/alertmanager
                    send_resolved: true
                    http_config:
                      authorization:
                        type: Bearer
                        credentials: {token}
            """);
        var process = ServiceProcess.StartProgram(
            Alertmanager, $"--config.file={config}", $"--storage.path={Path.Combine(folder, "data")}",
            $"--web.listen-address={address.Authority}", "--cluster.listen-address=", "--log.level=debug");
        await process.WaitUntilReady($"{address}-/ready", TimeSpan.FromSeconds(60));
        return new RunningProgram(process, folder);
    }
}
