namespace FaultMaven.Contracts;

/// <summary>A record that could not be processed, with why and its original bytes; the value of <c>logs.deadletter</c>.</summary>
/// <param name="Records">
/// How many Kafka records it stands for: 1 for a record a step refused; N for a run of N records the broker dropped
/// before they were read (step <c>broker</c>, no payload), which is stored as one dead letter. Counting what went in
/// sums this, not dead letters.
/// </param>
public sealed record DeadLetter(
    string Reason,
    string Step,
    string? Source,
    RawOffset Raw,
    byte[] Payload,
    DateTimeOffset FailedAt,
    long Records = 1)
{
    /// <summary>The step of a dead letter for records the broker dropped before they were read (<c>fm deadletters --step broker</c>).</summary>
    public const string BrokerStep = "broker";

    /// <summary>Where its records were: the raw position of one record, or <c>topic/partition@first..last</c> for several.</summary>
    public string Position => Records == 1 ? Raw.ToString() : $"{Raw.Topic}/{Raw.Partition}@{Raw.Offset - Records + 1}..{Raw.Offset}";

    /// <summary>
    /// The identity of the item a sink could not store when <see cref="Raw"/> names the record that carried it (a log
    /// event's raw position, a finding's id): a replay can carry the same item in another record, and must not store
    /// its dead letter again. Null for a dead letter of a whole record. Not carried on <c>logs.deadletter</c>: sinks
    /// store their dead letters directly.
    /// </summary>
    public string? ItemId { get; init; }
}
