using FaultMaven.Contracts;

namespace FaultMaven.Storage;

/// <summary>
/// A stored finding as <c>GET /findings</c> and <c>fm findings --json</c> print it: the finding's fields, flat, with the
/// incident it was grouped into and when its row was first and last written.
/// </summary>
public sealed record FindingResponse(
    string Id,
    string Kind,
    Severity Severity,
    string Source,
    string? Service,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Title,
    long Count,
    double? Baseline,
    double Score,
    string? ModelVersion,
    IReadOnlyList<string> Templates,
    IReadOnlyList<string> Examples,
    IReadOnlyList<RawOffset> Evidence,
    string? IncidentId,
    DateTimeOffset FirstSeen,
    DateTimeOffset UpdatedAt)
{
    public static FindingResponse From(StoredFinding stored)
    {
        var f = stored.Finding;
        return new(f.Id, f.Kind, f.Severity, f.Source, f.Service, f.WindowStart, f.WindowEnd, f.Title, f.Count, f.Baseline, f.Score,
            f.ModelVersion, f.Templates, f.Examples, f.Evidence, stored.IncidentId, stored.FirstSeen, stored.UpdatedAt);
    }
}

/// <summary>A stored log row as <c>GET /logs</c> and <c>fm logs --json</c> print it, message and attributes opened.</summary>
public sealed record LogResponse(
    long Id,
    DateTimeOffset Timestamp,
    string Source,
    string? Service,
    string? Host,
    Severity Level,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    RawOffset Raw,
    int? TemplateId,
    string? Template)
{
    public static LogResponse From(StoredLog stored)
    {
        var e = stored.Event;
        return new(stored.Id, e.Timestamp, e.Source, e.Service, e.Host, e.Level, e.Message, e.Attributes, e.Raw, e.TemplateId, e.Template);
    }
}

/// <summary>One incident with the findings grouped into it, as <c>GET /incidents/{id}</c> and <c>fm incidents show</c> read it.</summary>
public sealed record IncidentResponse(StoredIncident Incident, IReadOnlyList<FindingResponse> Findings)
{
    /// <summary>
    /// The incident and its findings (latest window first, at most <see cref="PagedQuery.MaxLimit"/>); null when there is
    /// no such incident or <paramref name="scope"/> hides its source.
    /// </summary>
    public static async Task<IncidentResponse?> ReadAsync(
        string id, IncidentRepository incidents, FindingRepository findings, SourceScope scope, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken, scope) is not { } incident)
        {
            return null;
        }

        var grouped = await findings.ListAsync(new FindingQuery { IncidentId = id, Limit = PagedQuery.MaxLimit, Scope = scope }, cancellationToken);
        return new IncidentResponse(incident, grouped.Items.Select(FindingResponse.From).ToList());
    }
}

/// <summary>
/// A stored dead letter as <c>fm deadletters --json</c> prints it: why and where its record was refused, the raw
/// position it came from (<c>topic/partition@first..last</c> for records the broker dropped), how many Kafka records it
/// stands for, and the record's bytes opened (base64, since they are often what could not be read as text).
/// </summary>
public sealed record DeadLetterResponse(long Id, DateTimeOffset FailedAt, string Step, string? Source, string Reason, string Raw, long Records, string Payload)
{
    public static DeadLetterResponse From(StoredDeadLetter stored)
    {
        var d = stored.DeadLetter;
        return new(stored.Id, d.FailedAt, d.Step, d.Source, d.Reason, d.Position, d.Records, Convert.ToBase64String(d.Payload));
    }
}
