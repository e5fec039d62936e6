namespace FaultMaven.Contracts;

/// <summary>A record that could not be processed, with why and its original bytes; the value of <c>logs.deadletter</c>.</summary>
public sealed record DeadLetter(
    string Reason,
    string Step,
    string? Source,
    RawOffset Raw,
    byte[] Payload,
    DateTimeOffset FailedAt)
{
    /// <summary>
    /// The identity of the item a sink could not store when <see cref="Raw"/> names the record that carried it (a log
    /// event's raw position, a finding's id): a replay can carry the same item in another record, and must not store
    /// its dead letter again. Null for a dead letter of a whole record. Not carried on <c>logs.deadletter</c>: sinks
    /// store their dead letters directly.
    /// </summary>
    public string? ItemId { get; init; }
}
