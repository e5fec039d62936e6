using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly;

/// <summary>A normalized event together with the template the miner assigned to it.</summary>
public sealed record TemplatedEvent(LogEvent Event, int TemplateId, string Template);
