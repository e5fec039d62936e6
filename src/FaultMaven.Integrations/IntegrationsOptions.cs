using FaultMaven.Integrations.Alertmanager;
using FaultMaven.Integrations.LogPulls;
using FaultMaven.Integrations.Prometheus;

namespace FaultMaven.Integrations;

/// <summary>Configuration section <c>FaultMaven:Integrations</c>: the monitoring systems FaultMaven takes data from.</summary>
public sealed class IntegrationsOptions
{
    public const string Section = "FaultMaven:Integrations";

    public AlertmanagerOptions Alertmanager { get; set; } = new();

    public PrometheusOptions Prometheus { get; set; } = new();

    public SplunkOptions Splunk { get; set; } = new();

    public DatadogOptions Datadog { get; set; } = new();

    /// <summary>The problems with these options, each naming its full key.</summary>
    public IEnumerable<string> Validate() =>
        Alertmanager.Validate($"{Section}:Alertmanager")
            .Concat(Prometheus.Validate($"{Section}:Prometheus"))
            .Concat(Splunk.Validate($"{Section}:Splunk"))
            .Concat(Datadog.Validate($"{Section}:Datadog"));
}
