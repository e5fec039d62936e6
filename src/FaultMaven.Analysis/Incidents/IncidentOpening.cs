using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Incidents;

/// <summary>
/// Which findings may open an incident: those whose severity reaches the least severity set for their kind (else
/// <see cref="OpeningSeverity"/>). An incident is a page to a person; a finding below it (a volume change of INFO lines, a
/// burst of a rare INFO message) is still stored and listed, and still joins an open incident of its source that
/// grouping puts it in, where it is context. The detectors give a finding about informational lines the severity
/// <see cref="Severity.Info"/>, so the default, <see cref="Severity.Warn"/>, opens incidents for errors, error-like
/// lines, error bursts, failed-login bursts, silences, unusual sessions and warning-or-worse alerts.
/// </summary>
/// <param name="OpeningSeverity">The least severity of a finding that opens an incident, for kinds not in <paramref name="OpeningSeverityByKind"/>.</param>
/// <param name="OpeningSeverityByKind">The least severity by finding kind (<c>Finding.Kind</c>), where it differs.</param>
public sealed record IncidentOpening(Severity OpeningSeverity, IReadOnlyDictionary<string, Severity> OpeningSeverityByKind)
{
    /// <summary>What <c>FaultMaven:Incidents:OpeningSeverity</c> is when not set.</summary>
    public const Severity DefaultOpeningSeverity = Severity.Warn;

    /// <summary>Warn and above, every kind alike.</summary>
    public static IncidentOpening Default { get; } = new(DefaultOpeningSeverity, new Dictionary<string, Severity>());

    /// <summary>
    /// Every finding may open an incident: for findings someone asked to have stored as an incident
    /// (<c>/logs/analyze?storeAsIncident=true</c>), where the asking is the decision.
    /// </summary>
    public static IncidentOpening Every { get; } = new(Severity.Unknown, new Dictionary<string, Severity>());

    /// <summary>The least severity with which a finding of <paramref name="kind"/> opens an incident.</summary>
    public Severity OpeningSeverityOf(string kind) => OpeningSeverityByKind.GetValueOrDefault(kind, OpeningSeverity);

    /// <summary>Whether <paramref name="finding"/> may open an incident when it finds none of its source to join.</summary>
    public bool MayOpen(Finding finding) => finding.Severity >= OpeningSeverityOf(finding.Kind);
}
