using System.Diagnostics.Metrics;

namespace FaultMaven.Storage;

/// <summary>
/// Counts what the incident tables gain, wherever findings come from (the stream's sinks, session models, alerts, analyses):
/// <c>faultmaven_findings_opened_total</c> (a finding attached to an incident for the first time, which every stored
/// finding is once) and <c>faultmaven_incidents_opened_total</c> (an incident opened by a finding), both labelled
/// <c>kind</c>, the finding's kind. Counted after the transaction commits, so a rolled-back batch counts nothing.
/// </summary>
public sealed class IncidentMetrics
{
    // Published by prometheus-net as faultmaven_<instrument>.
    public const string MeterName = "FaultMaven";

    private readonly Counter<long> findingsOpened;
    private readonly Counter<long> incidentsOpened;

    public IncidentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        findingsOpened = meter.CreateCounter<long>("findings_opened_total", description: "Findings stored and attached to an incident, by kind.");
        incidentsOpened = meter.CreateCounter<long>("incidents_opened_total", description: "Incidents opened, by the kind of the finding that opened them.");
    }

    public void FindingsOpened(IEnumerable<string> kinds)
    {
        foreach (var kind in kinds.CountBy(kind => kind))
        {
            findingsOpened.Add(kind.Value, new KeyValuePair<string, object?>("kind", kind.Key));
        }
    }

    public void IncidentOpened(string kind) => incidentsOpened.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
