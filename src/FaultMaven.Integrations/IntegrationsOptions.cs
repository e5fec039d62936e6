using FaultMaven.Integrations.Alertmanager;
using FaultMaven.Integrations.Prometheus;

namespace FaultMaven.Integrations;

/// <summary>Configuration section <c>FaultMaven:Integrations</c>: the monitoring systems FaultMaven takes data from.</summary>
public sealed class IntegrationsOptions
{
    public const string Section = "FaultMaven:Integrations";

    public AlertmanagerOptions Alertmanager { get; set; } = new();

    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>The problems with these options, each naming its full key.</summary>
    public IEnumerable<string> Validate() =>
        Alertmanager.Validate($"{Section}:Alertmanager").Concat(Prometheus.Validate($"{Section}:Prometheus"));
}
