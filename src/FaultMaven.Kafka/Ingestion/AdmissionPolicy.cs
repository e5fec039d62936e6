using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>
/// The rule <see cref="FlowControl"/> applies to one lag reading: whether <c>records</c> more may be produced to
/// logs.raw, and if not, why. Pure, so the rule is tested without a broker.
/// </summary>
/// <remarks>
/// Each logs.raw record becomes one logs.normalized batch on the same partition number (the topology routes it there:
/// <c>LogPipelineTopology.SameAsRawRecord</c>). The normalized topic's backlog is therefore bounded only if the raw
/// records still in flight count against it: limited on its own lag alone, it reached 81 records against a limit of 64
/// on incompressible lines, of which the dev broker kept only 87 per partition (docs/flow-control.md). So a downstream
/// limit on logs.normalized bounds its lag plus the raw lag on the same partition plus what this process produced since
/// the reading.
/// </remarks>
public static class AdmissionPolicy
{
    /// <summary>
    /// Null when <paramref name="records"/> more may go to logs.raw, else the reason naming the group, the partition,
    /// its lag and the limit.
    /// </summary>
    /// <param name="reading">The latest lag reading of every pipeline group.</param>
    /// <param name="pending">Records this process produced to logs.raw that the reading does not yet include.</param>
    /// <param name="records">Records about to be produced. A batch larger than a limit is admitted when nothing is
    /// in flight against that limit, so that it cannot wait forever.</param>
    /// <param name="limitFor">The lag limit of a topic, or null when it has none.</param>
    public static string? Refusal(LagReading reading, long pending, int records, Func<string, long?> limitFor)
    {
        var rawLag = reading.Partitions
            .Where(p => p.Topic == Topics.Raw)
            .GroupBy(p => p.Partition)
            .ToDictionary(g => g.Key, g => g.Max(p => p.Lag));
        foreach (var partition in reading.Partitions)
        {
            if (limitFor(partition.Topic) is not { } limit)
            {
                continue;
            }

            // Raw records not yet normalized are the normalized topic's future backlog; on other topics (findings,
            // dead letters) a record is not one per raw record, so their own lag is the measure.
            var ahead = partition.Topic switch
            {
                Topics.Raw => pending,
                Topics.Normalized => rawLag.GetValueOrDefault(partition.Partition) + pending,
                _ => 0,
            };
            var inFlight = partition.Lag + ahead;
            var blocked = partition.Topic is Topics.Raw or Topics.Normalized
                ? inFlight > 0 && inFlight + records > limit
                : partition.Lag >= limit;
            if (blocked)
            {
                var producedHere = ahead == 0 ? "" : partition.Topic == Topics.Raw ? $" plus {ahead} just produced" : $" plus {ahead} still on their way from {Topics.Raw}";
                // What the caller adds matters to whoever sent it: a request larger than the limit on its own waits for an
                // empty backlog, and smaller requests are the remedy.
                var adding = partition.Topic is Topics.Raw or Topics.Normalized
                    ? records > limit ? $"; this request is about {records} records, more than the limit, so it waits until the backlog is empty (send smaller requests)" : $"; this request adds about {records}"
                    : "";
                return $"group {partition.Group} is {partition.Lag} records behind on {partition}{producedHere} (limit {limit}){adding}";
            }
        }

        return null;
    }
}
