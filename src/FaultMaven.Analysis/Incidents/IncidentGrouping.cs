using System.Security.Cryptography;
using System.Text;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Incidents;

/// <summary>An incident still open, as grouping needs it.</summary>
public sealed record OpenIncident(string Id, string Source, DateTimeOffset LastActivity);

/// <summary>Which incident a finding belongs to; <see cref="IsNew"/> when it opens one.</summary>
public sealed record IncidentAssignment(string IncidentId, bool IsNew);

/// <summary>
/// One incident per problem, not a page per line: a finding joins the open incident of its source that was active
/// within the quiet period before the finding's window, and opens a new one otherwise.
/// </summary>
public sealed class IncidentGrouping(TimeSpan quietPeriod)
{
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromMinutes(15);

    public TimeSpan QuietPeriod => quietPeriod;

    public IncidentAssignment Assign(Finding finding, IEnumerable<OpenIncident> open) =>
        open.Where(incident => incident.Source == finding.Source && finding.WindowStart - incident.LastActivity <= quietPeriod)
            .OrderByDescending(incident => incident.LastActivity)
            .FirstOrDefault() is { } joined
            ? new IncidentAssignment(joined.Id, IsNew: false)
            : new IncidentAssignment(NewIncidentId(finding), IsNew: true);

    /// <summary>Derived from the finding that opens the incident, so a replay opens the same incident.</summary>
    public static string NewIncidentId(Finding opening) =>
        "inc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(opening.Id)), 0, 8);

    /// <summary>The incident's title: the opening finding's title after its source, one line of at most <see cref="Titles.MaxLength"/> characters.</summary>
    public static string TitleOf(Finding opening) => Titles.Shorten($"{opening.Source}: {Titles.Of(opening.Title)}");
}
