namespace FaultMaven.Contracts;

/// <summary>One normalized log record, the value of topic <c>logs.normalized</c>.</summary>
/// <param name="TemplateId">The message's template id within its source, once mined.</param>
/// <param name="Template">The message's template (variables as <c>&lt;*&gt;</c>), once mined.</param>
public sealed record LogEvent(
    DateTimeOffset Timestamp,
    string Source,
    string? Service,
    string? Host,
    Severity Level,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    RawOffset Raw,
    int? TemplateId = null,
    string? Template = null);
