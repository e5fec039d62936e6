using FaultMaven.Agents.Routing;
using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// A stored incident as the agents read it: every finding grouped into it (up to <see cref="PagedQuery.MaxLimit"/>, the
/// latest first) and the stored log lines they cite. <c>POST /query</c> with an <c>incidentId</c> and <c>GET /suggestions</c>
/// both read an incident through here, so they diagnose the same thing.
/// </summary>
public sealed class IncidentEvidenceReader(IncidentRepository incidents, FindingRepository findings, LogRepository logs)
{
    /// <returns>Null when there is no such incident or its source is hidden from <paramref name="scope"/>.</returns>
    public async Task<IncidentEvidence?> ReadAsync(string incidentId, SourceScope scope, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken, scope) is null)
        {
            return null;
        }

        var grouped = (await findings.ListAsync(new FindingQuery { IncidentId = incidentId, Limit = PagedQuery.MaxLimit, Scope = scope }, cancellationToken))
            .Items.Select(stored => stored.Finding).ToList();
        var evidence = await logs.FindByRawAsync(grouped.SelectMany(finding => finding.Evidence).Distinct().ToList(), cancellationToken);
        return new IncidentEvidence(incidentId, evidence, grouped);
    }
}
