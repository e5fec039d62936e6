using FaultMaven.Contracts;

namespace FaultMaven.Storage;

/// <summary>
/// The one way findings enter the database: stored (a newer version of a stored finding replaces it), then each grouped
/// into an incident, whose title follows its most significant finding. Used by the worker's findings sink,
/// session-model training, Alertmanager alerts and their analyses, and <c>/logs/analyze?storeAsIncident=true</c>, so all
/// of them group and title incidents the same way.
/// </summary>
public sealed class FindingFiler(FindingRepository findings, IncidentRepository incidents)
{
    /// <summary>Stores and groups <paramref name="found"/>; replaying the same findings changes nothing.</summary>
    /// <returns>The incident each finding belongs to, by finding id (every finding of the batch has one afterwards).</returns>
    public async Task<IReadOnlyDictionary<string, string>> FileAsync(IReadOnlyList<Finding> found, CancellationToken cancellationToken = default)
    {
        if (found.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await findings.UpsertAsync(found, cancellationToken);
        await incidents.AttachAsync(found, cancellationToken);
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
