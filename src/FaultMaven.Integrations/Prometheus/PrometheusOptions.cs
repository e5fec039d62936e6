namespace FaultMaven.Integrations.Prometheus;

/// <summary>
/// <c>FaultMaven:Integrations:Prometheus</c>: the Prometheus server whose metrics explain an incident, and one PromQL
/// query per signal with <c>{service}</c> standing for the incident's source. Without <see cref="Url"/> metrics are not read.
/// </summary>
public sealed class PrometheusOptions
{
    /// <summary>What replaces the incident's source in a query, as a PromQL string literal's content (quotes and backslashes escaped).</summary>
    public const string ServiceVariable = "{service}";

    /// <summary>
    /// The signals read unless <see cref="Queries"/> says otherwise: RED metrics as the usual HTTP instrumentation names
    /// them, and saturation as cAdvisor and kube-state-metrics do.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultQueries = new Dictionary<string, string>
    {
        ["error-rate"] = """sum(rate(http_requests_total{service="{service}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="{service}"}[5m]))""",
        ["latency-p99"] = """histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="{service}"}[5m])))""",
        ["cpu"] = """sum(rate(container_cpu_usage_seconds_total{container="{service}"}[5m]))""",
        ["memory"] = """sum(container_memory_working_set_bytes{container="{service}"})""",
        ["restarts"] = """sum(increase(kube_pod_container_status_restarts_total{container="{service}"}[15m]))""",
    };

    /// <summary>Base URL of the Prometheus HTTP API, e.g. <c>http://prometheus:9090</c>.</summary>
    public string? Url { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c> when set (a Prometheus behind an authenticating proxy).</summary>
    public string? BearerToken { get; set; }

    /// <summary>Per signal, a PromQL query replacing the default one; an empty query switches that signal off.</summary>
    public Dictionary<string, string> Queries { get; set; } = [];

    /// <summary>The range queries' resolution; widened when a window would need more than 10,000 points.</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How much history before the incident's window teaches the detector what normal is.</summary>
    public TimeSpan BaselineLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt may take; a timed-out or failed attempt is retried <see cref="Retries"/> times.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public int Retries { get; set; } = 2;

    /// <summary>|z| from which a sample is anomalous.</summary>
    public double Threshold { get; set; } = 4;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The default queries with the configured ones in their place, switched-off ones left out.</summary>
    public IReadOnlyDictionary<string, string> EffectiveQueries =>
        DefaultQueries.Concat(Queries.Where(q => !DefaultQueries.ContainsKey(q.Key)))
            .Select(q => (q.Key, Query: Queries.GetValueOrDefault(q.Key, q.Value)))
            .Where(q => !string.IsNullOrWhiteSpace(q.Query))
            .ToDictionary(q => q.Key, q => q.Query);

    /// <summary>The query of a signal for one source.</summary>
    public static string ForService(string query, string service) =>
        query.Replace(ServiceVariable, service.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal);

    public IEnumerable<string> Validate(string section)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return $"{section}:Url must be an absolute http(s) URL such as http://prometheus:9090; got '{Url}'";
        }

        foreach (var (signal, query) in Queries.Where(q => !string.IsNullOrWhiteSpace(q.Value) && !q.Value.Contains(ServiceVariable, StringComparison.Ordinal)))
        {
            yield return $"{section}:Queries:{signal} must contain {ServiceVariable} where the incident's service goes; got '{query}'";
        }

        if (Step < TimeSpan.FromSeconds(1))
        {
            yield return $"{section}:Step must be at least 00:00:01 (was {Step})";
        }

        if (BaselineLookback < TimeSpan.Zero)
        {
            yield return $"{section}:BaselineLookback must not be negative (was {BaselineLookback})";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{section}:Timeout must be positive, e.g. 00:00:10 (was {Timeout})";
        }

        if (Retries is < 0 or > 10)
        {
            yield return $"{section}:Retries must be between 0 and 10 (was {Retries})";
        }

        if (Threshold <= 0)
        {
            yield return $"{section}:Threshold must be positive (was {Threshold})";
        }
    }
}
