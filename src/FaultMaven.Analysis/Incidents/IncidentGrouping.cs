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
/// within the quiet period before the finding's window, and opens a new one otherwise when the opening rule lets it
/// (<see cref="IncidentOpening"/>); a finding that may not open one and finds none to join stays in no incident.
/// </summary>
public sealed class IncidentGrouping(TimeSpan quietPeriod, IncidentOpening opening)
{
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromMinutes(15);

    public TimeSpan QuietPeriod => quietPeriod;

    /// <summary>Which findings may open an incident unless a caller says otherwise (the configured <c>FaultMaven:Incidents</c>).</summary>
    public IncidentOpening Opening => opening;

    /// <summary>The incident <paramref name="finding"/> joins or opens; null when it joins none and <paramref name="openingRule"/> does not let it open one.</summary>
    public IncidentAssignment? Assign(Finding finding, IEnumerable<OpenIncident> open, IncidentOpening openingRule) =>
        open.Where(incident => incident.Source == finding.Source && finding.WindowStart - incident.LastActivity <= quietPeriod)
            .OrderByDescending(incident => incident.LastActivity)
            .FirstOrDefault() is { } joined
            ? new IncidentAssignment(joined.Id, IsNew: false)
            : openingRule.MayOpen(finding) ? new IncidentAssignment(NewIncidentId(finding.Id), IsNew: true) : null;

    /// <summary>Derived from the id of the finding that opens the incident, so a replay opens the same incident.</summary>
    public static string NewIncidentId(string openingFindingId) =>
        "inc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(openingFindingId)), 0, 8);

    /// <summary>An incident's title: its headline finding's title after its source, one line of at most <see cref="Titles.MaxLength"/> characters.</summary>
    public static string TitleOf(Finding headline) => Titles.Shorten($"{headline.Source}: {Titles.Of(headline.Title)}");

    /// <summary>The finding an incident's title describes, of <paramref name="findings"/> (not empty): the most significant (<see cref="Significance"/>).</summary>
    public static Finding Headline(IEnumerable<Finding> findings) => findings.MaxBy(Significance.Of)!;
}

/// <summary>
/// How much a finding says about its incident, for the title: the more severe finding wins (an error burst over a
/// warning); among equally severe ones the one with more lines, then the earlier one, then the smaller id, so the
/// headline never depends on the order findings arrived in.
/// </summary>
/// <param name="Count">Lines the finding counts (<see cref="Finding.Count"/>).</param>
public readonly record struct Significance(Severity Severity, long Count, DateTimeOffset WindowStart, string Id) : IComparable<Significance>
{
    public static Significance Of(Finding finding) => new(finding.Severity, finding.Count, finding.WindowStart, finding.Id);

    /// <summary>Positive when this finding is the more significant.</summary>
    public int CompareTo(Significance other)
    {
        var bySeverity = Severity.CompareTo(other.Severity);
        if (bySeverity != 0)
        {
            return bySeverity;
        }

        var byCount = Count.CompareTo(other.Count);
        if (byCount != 0)
        {
            return byCount;
        }

        var byStart = other.WindowStart.CompareTo(WindowStart);
        return byStart != 0 ? byStart : string.CompareOrdinal(other.Id, Id);
    }

    public static bool operator >(Significance left, Significance right) => left.CompareTo(right) > 0;

    public static bool operator <(Significance left, Significance right) => left.CompareTo(right) < 0;
}
