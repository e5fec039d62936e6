using FaultMaven.Contracts;
using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

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
