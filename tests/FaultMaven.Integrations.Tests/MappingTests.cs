using System.Text;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;
using FaultMaven.Integrations.Alertmanager;
using FaultMaven.Integrations.LogPulls;
using FaultMaven.Integrations.Prometheus;
using Microsoft.Extensions.Configuration;

namespace FaultMaven.Integrations.Tests;

/// <summary>The pure halves of the integrations: payloads read, alerts mapped, pulled lines normalized, options checked.</summary>
public sealed class MappingTests
{
    private static readonly DateTimeOffset StartsAt = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("critical", Severity.Fatal)]
    [InlineData("warning", Severity.Warn)]
    [InlineData("info", Severity.Info)]
    [InlineData("something-else", Severity.Error)]
    [InlineData(null, Severity.Error)]
    public void An_alerts_severity_label_maps_onto_faultmavens_scale(string? label, Severity expected)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = "X" };
        if (label is not null)
        {
            labels["severity"] = label;
        }

        Assert.Equal(expected, AlertMapping.SeverityOf(labels));
    }

    [Fact]
    public void The_source_of_an_alert_is_its_first_configured_service_label_else_the_default_source()
    {
        var options = new AlertmanagerOptions();
        Assert.Equal("checkout", AlertMapping.SourceOf(Alert(new() { ["alertname"] = "X", ["job"] = "node", ["service"] = "checkout" }), options));
        Assert.Equal("node", AlertMapping.SourceOf(Alert(new() { ["alertname"] = "X", ["job"] = "node" }), options));
        Assert.Equal("alertmanager", AlertMapping.SourceOf(Alert(new() { ["alertname"] = "X" }), options));
        Assert.Equal("eu-1", AlertMapping.SourceOf(Alert(new() { ["alertname"] = "X", ["service"] = "checkout", ["cluster"] = "eu-1" }), new AlertmanagerOptions { ServiceLabels = ["cluster"] }));
    }

    [Fact]
    public void An_alerts_finding_is_the_same_for_every_repeat_and_keeps_summary_description_and_generator_url()
    {
        var alert = Alert(new() { ["alertname"] = "CheckoutErrors", ["service"] = "checkout" }) with
        {
            Annotations = new Dictionary<string, string> { ["summary"] = "5xx above 10%", ["description"] = "checkout answers 5xx to 12% of requests" },
            GeneratorUrl = "http://prometheus:9090/graph?g0.expr=x",
        };

        var finding = AlertMapping.ToFinding(alert, "checkout");

        Assert.Equal(finding.Id, AlertMapping.ToFinding(alert with { Annotations = new Dictionary<string, string>() }, "checkout").Id);
        Assert.Equal("alert", finding.Kind);
        Assert.Equal("Alert CheckoutErrors: 5xx above 10%", finding.Title);
        Assert.Equal(["5xx above 10%", "checkout answers 5xx to 12% of requests", "http://prometheus:9090/graph?g0.expr=x"], finding.Examples);
        Assert.NotEqual(finding.Id, AlertMapping.ToFinding(alert with { StartsAt = StartsAt.AddHours(1) }, "checkout").Id);
    }

    [Fact]
    public void A_firing_alerts_log_window_runs_from_the_lookback_before_its_start_to_now_and_a_resolved_ones_to_its_end()
    {
        var now = StartsAt.AddMinutes(7);
        var firing = Alert(new() { ["alertname"] = "X" });
        Assert.Equal((StartsAt.AddMinutes(-15), now), AlertMapping.WindowOf(firing, TimeSpan.FromMinutes(15), now));
        var resolved = firing with { Status = "resolved", EndsAt = StartsAt.AddMinutes(3) };
        Assert.Equal((StartsAt.AddMinutes(-15), StartsAt.AddMinutes(3)), AlertMapping.WindowOf(resolved, TimeSpan.FromMinutes(15), now));
    }

    [Fact]
    public void Pulled_lines_take_the_normal_normalization_path_with_their_time_level_service_and_host()
    {
        var pulled = new PulledLine(StartsAt.AddSeconds(1.5), "payment gateway \"timeout\" after 3000 ms", "error", "checkout", "web-1");
        var result = new LogNormalizer().Normalize(new RawRecord("checkout", Encoding.UTF8.GetBytes(pulled.ToJson() + "\n"), new RawOffset("logs.raw", 0, 0), StartsAt.AddHours(1)));

        var logEvent = Assert.Single(result.Events);
        Assert.Empty(result.DeadLetters);
        Assert.Equal(StartsAt.AddSeconds(1.5), logEvent.Timestamp);
        Assert.Equal(Severity.Error, logEvent.Level);
        Assert.Equal("checkout", logEvent.Service);
        Assert.Equal("web-1", logEvent.Host);
        Assert.Equal("payment gateway \"timeout\" after 3000 ms", logEvent.Message);
    }

    [Fact]
    public void A_splunk_events_raw_text_is_read_as_its_line_with_splunks_time_winning()
    {
        var pulled = SplunkExport.Parse("""{"preview":false,"result":{"_time":"2026-12-01T17:30:00.000+00:00","_raw":"2026-12-01T17:00:00Z ERROR payment declined","host":"web-1"}}""", "checkout")!;
        var result = new LogNormalizer().Normalize(new RawRecord("checkout", Encoding.UTF8.GetBytes(pulled.ToJson() + "\n"), new RawOffset("logs.raw", 0, 0), StartsAt.AddHours(1)));

        var logEvent = Assert.Single(result.Events);
        Assert.Equal(
            (new DateTimeOffset(2026, 12, 1, 17, 30, 0, TimeSpan.Zero), Severity.Error, "payment declined", "checkout", "web-1"),
            (logEvent.Timestamp, logEvent.Level, logEvent.Message, logEvent.Service, logEvent.Host));
    }

    [Fact]
    public void A_prometheus_error_answer_is_an_integration_error_quoting_its_type_and_text()
    {
        var error = Assert.Throws<IntegrationException>(() => RangeQueryResult.Parse("""{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \"}\""}"""));
        Assert.Equal("Prometheus refused the query: bad_data: 1:5: parse error: unexpected \"}\"", error.Message);
        Assert.Throws<IntegrationException>(() => RangeQueryResult.Parse("<html>502 Bad Gateway</html>"));
    }

    [Fact]
    public void A_prometheus_matrix_is_read_with_its_labels_and_samples_including_nan()
    {
        var series = Assert.Single(RangeQueryResult.Parse(
            """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"service":"checkout","code":"500"},"values":[[1796040000,"0.5"],[1796040001.5,"NaN"]]}]}}"""));
        Assert.Equal("{code=\"500\", service=\"checkout\"}", series.Labels);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796040000), series.Samples[0].At);
        Assert.Equal(0.5, series.Samples[0].Value);
        Assert.True(double.IsNaN(series.Samples[1].Value));
    }

    [Fact]
    public void Bad_integration_settings_are_refused_at_start_naming_each_key()
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Prometheus:Url"] = "prometheus:9090",
            ["Prometheus:Queries:error-rate"] = "sum(rate(http_requests_total[5m]))",
            ["Splunk:Url"] = "https://splunk:8089",
            ["Datadog:Url"] = "https://api.datadoghq.eu",
            ["Datadog:ApiKey"] = "k",
            ["Datadog:PageSize"] = "9000",
            ["Alertmanager:MaxLogEvents"] = "0",
        }).Build().Get<IntegrationsOptions>()!;

        Assert.Equal(
            [
                "FaultMaven:Integrations:Alertmanager:MaxLogEvents must be between 1 and 1000000 (was 0)",
                "FaultMaven:Integrations:Prometheus:Url must be an absolute http(s) URL such as http://prometheus:9090; got 'prometheus:9090'",
                "FaultMaven:Integrations:Prometheus:Queries:error-rate must contain {service} where the incident's service goes; got 'sum(rate(http_requests_total[5m]))'",
                "FaultMaven:Integrations:Splunk:Token is required with FaultMaven:Integrations:Splunk:Url (env FAULTMAVEN__INTEGRATIONS__SPLUNK__TOKEN)",
                "FaultMaven:Integrations:Datadog:ApplicationKey is required with FaultMaven:Integrations:Datadog:Url (env FAULTMAVEN__INTEGRATIONS__DATADOG__APPLICATIONKEY)",
                "FaultMaven:Integrations:Datadog:PageSize must be between 1 and 5000 (was 9000)",
            ],
            options.Validate());
    }

    [Fact]
    public void A_configured_prometheus_query_replaces_its_signals_default_and_an_empty_one_switches_it_off()
    {
        var options = new PrometheusOptions { Queries = new() { ["cpu"] = "", ["error-rate"] = "x{job=\"{service}\"}", ["gc-pauses"] = "y{service=\"{service}\"}" } };
        Assert.Equal(["error-rate", "latency-p99", "memory", "restarts", "gc-pauses"], options.EffectiveQueries.Keys);
        Assert.Equal("x{job=\"a\\\"b\"}", PrometheusOptions.ForService(options.EffectiveQueries["error-rate"], "a\"b"));
    }

    [Fact]
    public void A_webhook_payload_of_another_version_or_with_incomplete_alerts_names_each_bad_field()
    {
        var payload = new AlertmanagerWebhook("3", null, 0, "firing", null, null, null, null, null,
            [Alert(new()) with { Status = "resolved" }, null]);

        Assert.Equal(["version", "alerts[0].labels", "alerts[0].endsAt", "alerts[1]"], payload.Validate().Keys);
    }

    private static AlertmanagerAlert Alert(Dictionary<string, string> labels) => new("firing", labels, null, StartsAt, null, null, "a1b2c3d4e5f60718");
}
