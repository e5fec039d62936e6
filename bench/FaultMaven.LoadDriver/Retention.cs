using Confluent.Kafka;

namespace FaultMaven.LoadDriver;

/// <summary>
/// What the broker kept of one topic at the end of a run: <paramref name="Deleted"/> records below the partitions' low
/// watermarks (dropped to stay within retention; a loss only if no consumer had read them, which the worker's
/// offset-gap counter reports) and <paramref name="MostKept"/>, the most records any one partition still held. When
/// records were deleted, <paramref name="MostKept"/> is what the broker's retention holds of this input, the figure a
/// flow-control limit on that topic must stay well under (docs/flow-control.md).
/// </summary>
public sealed record Retention(string Topic, long Deleted, long MostKept)
{
    public static Retention Of(string topic, IReadOnlyDictionary<int, WatermarkOffsets> watermarks) =>
        new(topic,
            watermarks.Values.Sum(w => w.Low.Value),
            watermarks.Values.Select(w => w.High.Value - w.Low.Value).DefaultIfEmpty(0).Max());
}
