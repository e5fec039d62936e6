using FaultMaven.Retrieval.VectorStores;
using FaultMaven.Storage;

namespace FaultMaven.Retrieval;

/// <summary>Embeds stored incidents from their findings: when they open, when they gain findings, and once resolved.</summary>
public sealed class IncidentIndexer(IncidentRepository incidents, FindingRepository findings, IncidentRetrieval retrieval)
{
    /// <summary>A sentence model reads a few hundred tokens; the most frequent templates say the most.</summary>
    public const int MaxKeyTemplates = 10;

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
        await incidents.MarkIndexedAsync(incident, cancellationToken);
        return true;
    }

    /// <summary>Embeds up to <paramref name="limit"/> incidents that changed since they were last embedded.</summary>
    /// <returns>How many were embedded.</returns>
    public async Task<int> IndexChangedAsync(int limit, CancellationToken cancellationToken = default)
    {
        var indexed = 0;
        foreach (var incidentId in await incidents.ListUnindexedAsync(limit, cancellationToken))
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
