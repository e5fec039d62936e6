using FaultMaven.Contracts;

namespace FaultMaven.Storage;

/// <summary>
/// The one way findings enter the database: stored (a newer version of a stored finding replaces it), then each grouped
/// into an incident. Used by the worker's findings sink, session-model training, Alertmanager alerts and
/// <c>/logs/analyze?storeAsIncident=true</c>, so all of them group findings the same way.
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
}
