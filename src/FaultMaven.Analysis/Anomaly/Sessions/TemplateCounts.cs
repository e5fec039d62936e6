using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>How often each template occurred within one session or time window: the unit the session model scores.</summary>
/// <param name="Key">The session identifier (e.g. a block or request id) or <c>service@windowStart</c> for a time window.</param>
public sealed record TemplateCounts(
    string Key,
    IReadOnlyDictionary<int, int> Counts,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<RawOffset> Evidence);
