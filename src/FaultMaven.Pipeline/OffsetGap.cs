using FaultMaven.Contracts;
using Microsoft.Extensions.Logging;

namespace FaultMaven.Pipeline;

/// <summary>
/// Offsets <paramref name="First"/>..<paramref name="Last"/> (inclusive) of one partition that a consumer found missing:
/// the broker dropped those records before the consumer read them (<see cref="OffsetGapTracker"/>).
/// </summary>
public sealed record OffsetGap(string Topic, int Partition, long First, long Last)
{
    /// <summary>How a gap's dead letter's reason starts.</summary>
    public const string Kind = "broker-dropped";

    /// <summary>How many Kafka records are lost.</summary>
    public long Records => Last - First + 1;

    /// <summary>
    /// The one dead letter that stands for the whole gap (<see cref="DeadLetter.Records"/> = <see cref="Records"/>), with
    /// no source (the dropped records' keys were never seen) and no payload. Its raw position is the gap's last offset
    /// with the fingerprint of the record read after it (<paramref name="nextFingerprint"/>), so that a replay after a
    /// restart stores nothing new (the same record reveals the same gap end) and a gap of a later broker generation that
    /// ends at the same offset is still stored (docs/decisions.md, decisions 14 and 29).
    /// </summary>
    /// <param name="reader">The step that found the gap (<c>normalize</c>, <c>sink-logs</c>, …), named in the reason.</param>
    public DeadLetter ToDeadLetter(string reader, long nextFingerprint, DateTimeOffset foundAt) => new(
        $"{Kind}: the broker dropped {Records} records (offsets {First}..{Last} of {Topic}/{Partition}) before {reader} read them",
        DeadLetter.BrokerStep,
        null,
        new RawOffset(Topic, Partition, Last, Fingerprint: nextFingerprint),
        [],
        foundAt,
        Records);

    /// <summary>Counts the gap in <c>faultmaven_offset_gap_records_total{topic}</c> and logs a warning naming it.</summary>
    public void Report(ILogger logger, string reader)
    {
        PipelineMetrics.OffsetGaps.WithLabels(Topic).Inc(Records);
        logger.LogWarning(
            "{Skipped} records missing before offset {Offset} of {Topic}/{Partition}: the broker dropped them before {Reader} read them; stored as one dead letter (step {Step})",
            Records, Last + 1, Topic, Partition, reader, DeadLetter.BrokerStep);
    }
}
