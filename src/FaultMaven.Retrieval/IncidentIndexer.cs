using FaultMaven.Retrieval.VectorStores;
using FaultMaven.Storage;

namespace FaultMaven.Retrieval;

/// <summary>
/// Embeds stored incidents from their findings: when they open, once resolved, and as they gain findings, at most once per
/// <see cref="RefreshInterval"/> for the latter.
/// </summary>
public sealed class IncidentIndexer(IncidentRepository incidents, FindingRepository findings, IncidentRetrieval retrieval, TimeProvider clock)
{
    /// <summary>A sentence model reads a few hundred tokens; the most frequent templates say the most.</summary>
    public const int MaxKeyTemplates = 10;

    /// <summary>
    /// How old an open incident's embedding must be before new findings make it embedded again. In a burst an incident
    /// gains findings every few seconds and its text changes with each (finding titles carry counts) while what it is
    /// about does not; embedding it on every one took 16 % of the worker's CPU under a 1 M-line load of mixed formats
    /// (docs/benchmarks.md), CPU the pipeline needed. New and resolved incidents are embedded at once.
    /// </summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>Embeds the incident as it is stored now; false when there is no such incident.</summary>
    public async Task<bool> IndexAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return false;
        }

        var grouped = await findings.ListAsync(new FindingQuery { IncidentId = incidentId, Limit = PagedQuery.MaxLimit }, cancellationToken);
        var document = DocumentOf(incident, grouped.Items);
        await (document.Status == IncidentStatus.Resolved
            ? retrieval.IndexResolvedAsync(document, cancellationToken)
            : retrieval.IndexOpenedAsync(document, cancellationToken));
        await incidents.MarkIndexedAsync(incident, clock.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>
    /// Embeds up to <paramref name="limit"/> incidents that opened or were resolved since they were last embedded, or
    /// gained findings and were last embedded more than <see cref="RefreshInterval"/> ago.
    /// </summary>
    /// <returns>How many were embedded.</returns>
    public async Task<int> IndexChangedAsync(int limit, CancellationToken cancellationToken = default)
    {
        var indexed = 0;
        foreach (var incidentId in await incidents.ListUnindexedAsync(limit, clock.GetUtcNow() - RefreshInterval, cancellationToken))
        {
            indexed += await IndexAsync(incidentId, cancellationToken) ? 1 : 0;
        }

        return indexed;
    }

    private static IncidentDocument DocumentOf(StoredIncident incident, IReadOnlyList<StoredFinding> grouped)
    {
        var byWeight = grouped.Select(stored => stored.Finding).OrderByDescending(finding => finding.Count).ToList();
        return new IncidentDocument(
            incident.Id,
            incident.Title,
            string.Join("; ", byWeight.Select(finding => finding.Title).Distinct()),
            [.. byWeight.SelectMany(finding => finding.Templates).Distinct().Take(MaxKeyTemplates)],
            incident.Resolution,
            incident.Service,
            Team: null,
            MetadataFields.ParseStatus(incident.Status));
    }
}
