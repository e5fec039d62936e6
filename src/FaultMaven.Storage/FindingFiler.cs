using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;

namespace FaultMaven.Storage;

/// <summary>
/// The one way findings enter the database: stored (a newer version of a stored finding replaces it), then each grouped
/// into an incident, whose title follows its most significant finding; a finding that may not open an incident
/// (<see cref="IncidentOpening"/>) and has none to join is stored in none. Used by the worker's findings sink,
/// session-model training, Alertmanager alerts and their analyses, and <c>/logs/analyze?storeAsIncident=true</c>, so all
/// of them group and title incidents the same way.
/// </summary>
public sealed class FindingFiler(FindingRepository findings, IncidentRepository incidents)
{
    /// <summary>Stores and groups <paramref name="found"/> by the configured <see cref="IncidentRepository.Opening"/>; replaying the same findings changes nothing.</summary>
    /// <returns>The incident of each finding that is in one afterwards, by finding id; a finding in none is not listed.</returns>
    public Task<IReadOnlyDictionary<string, string>> FileAsync(IReadOnlyList<Finding> found, CancellationToken cancellationToken = default) =>
        FileAsync(found, incidents.Opening, cancellationToken);

    /// <summary>As <see cref="FileAsync(IReadOnlyList{Finding}, CancellationToken)"/>, with <paramref name="opening"/> deciding which findings may open an incident.</summary>
    /// <returns>The incident of each finding that is in one afterwards, by finding id; a finding in none is not listed.</returns>
    public async Task<IReadOnlyDictionary<string, string>> FileAsync(IReadOnlyList<Finding> found, IncidentOpening opening, CancellationToken cancellationToken = default)
    {
        if (found.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await findings.UpsertAsync(found, cancellationToken);
        await incidents.AttachAsync(found, opening, cancellationToken);
        return await findings.IncidentsOfAsync([.. found.Select(finding => finding.Id).Distinct()], cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="found"/> and attaches those in no incident yet to <paramref name="incidentId"/>, whatever
    /// grouping would pick: what an analysis run for that incident (an alert's window) found belongs to it.
    /// </summary>
    /// <returns>How many findings were newly attached.</returns>
    public async Task<int> FileIntoAsync(string incidentId, IReadOnlyList<Finding> found, CancellationToken cancellationToken = default)
    {
        await findings.UpsertAsync(found, cancellationToken);
        return await incidents.AttachToAsync(incidentId, found, cancellationToken);
    }
}
