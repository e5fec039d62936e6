using FaultMaven.Retrieval;
using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// Similar incidents a caller may see. The vector index knows nothing of teams, so a restricted caller's search asks it
/// for more candidates (four times as many each round, up to <see cref="MaxCandidates"/>) and keeps those whose incident
/// row the caller's <see cref="SourceScope"/> allows, checked in SQL; hidden incidents are never described.
/// </summary>
public sealed class VisibleSimilarIncidents(IncidentRetrieval retrieval, IncidentRepository incidents)
{
    public const int MaxCandidates = 400;

    /// <summary>Up to <paramref name="top"/> visible incidents similar to a text.</summary>
    public Task<IReadOnlyList<SimilarIncident>> FindSimilarAsync(string text, int top, SourceScope scope, CancellationToken cancellationToken) =>
        KeepVisibleAsync(asked => retrieval.FindSimilarAsync(text, asked, cancellationToken: cancellationToken), top, scope, cancellationToken);

    /// <summary>Up to <paramref name="top"/> visible incidents similar to a stored one.</summary>
    /// <exception cref="KeyNotFoundException">The incident was never indexed.</exception>
    public Task<IReadOnlyList<SimilarIncident>> FindSimilarToIncidentAsync(string incidentId, int top, SourceScope scope, CancellationToken cancellationToken) =>
        KeepVisibleAsync(asked => retrieval.FindSimilarToIncidentAsync(incidentId, asked, cancellationToken: cancellationToken), top, scope, cancellationToken);

    /// <summary>Whether the caller may see the incident at all (a hidden one must not even steer a search).</summary>
    public async Task<bool> IsVisibleAsync(string incidentId, SourceScope scope, CancellationToken cancellationToken) =>
        !scope.IsRestricted || (await incidents.VisibleAsync([incidentId], scope, cancellationToken)).Count == 1;

    private async Task<IReadOnlyList<SimilarIncident>> KeepVisibleAsync(
        Func<int, Task<IReadOnlyList<SimilarIncident>>> search, int top, SourceScope scope, CancellationToken cancellationToken)
    {
        if (!scope.IsRestricted)
        {
            return await search(top);
        }

        for (var asked = top; ; asked = Math.Min(asked * 4, MaxCandidates))
        {
            var found = await search(asked);
            var visible = await incidents.VisibleAsync(found.Select(match => match.IncidentId).ToList(), scope, cancellationToken);
            var kept = found.Where(match => visible.Contains(match.IncidentId)).Take(top).ToList();
            if (kept.Count == top || found.Count < asked || asked == MaxCandidates)
            {
                return kept;
            }
        }
    }
}
