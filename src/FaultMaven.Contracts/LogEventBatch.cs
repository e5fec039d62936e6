namespace FaultMaven.Contracts;

/// <summary>
/// The normalized events of one source in stream order: the value of topic <c>logs.normalized</c>. One batch travels
/// per processed raw chunk, so the per-record costs of Kafka, Avro and state stores are paid once per batch.
/// </summary>
public sealed record LogEventBatch(string Source, IReadOnlyList<LogEvent> Events);
