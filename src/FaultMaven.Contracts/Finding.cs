namespace FaultMaven.Contracts;

/// <summary>What a detector found, the value of topic <c>findings</c>.</summary>
/// <remarks>The id is derived from what was found (detector, source, window), so a replay updates the same finding.</remarks>
public sealed record Finding(
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
    IReadOnlyList<RawOffset> Evidence);
