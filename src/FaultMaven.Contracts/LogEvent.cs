namespace FaultMaven.Contracts;

/// <summary>One normalized log record, the value of topic <c>logs.normalized</c>.</summary>
public sealed record LogEvent(
    DateTimeOffset Timestamp,
    string Source,
    string? Service,
    string? Host,
    Severity Level,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    RawOffset Raw);
