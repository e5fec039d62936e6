namespace FaultMaven.ServiceDefaults;

/// <summary>Where a service serves its Prometheus metrics (section <c>FaultMaven:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string Section = "FaultMaven:Metrics";

    /// <summary>
    /// 0 (the default): <c>/metrics</c> on the service's own endpoints, next to the API. A port: <c>/metrics</c> only on a
    /// separate plain-HTTP listener on that port (prometheus-net's KestrelMetricServer), so the API's ingress need not
    /// expose it and a NetworkPolicy can open it to the Prometheus server alone.
    /// </summary>
    public int Port { get; set; }

    /// <summary>The separate listener's host: <c>+</c> (every interface, for a scraper in another pod) or e.g. <c>localhost</c>.</summary>
    public string Host { get; set; } = "+";

    public IEnumerable<string> Validate()
    {
        if (Port is < 0 or > 65535)
        {
            yield return $"{Section}:Port is {Port}; use 0 (metrics on the service's own port) or a TCP port 1-65535.";
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return $"{Section}:Host is empty; use + (every interface), localhost or a host name.";
        }
    }
}
