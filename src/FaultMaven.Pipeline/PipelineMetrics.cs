using Prometheus;

namespace FaultMaven.Pipeline;

/// <summary>Prometheus counters per topology step; the step names are the processor names of the topologies.</summary>
public static class PipelineMetrics
{
    public static readonly Counter Records = Metrics.CreateCounter(
        "faultmaven_pipeline_records_total",
        "Records per pipeline step and outcome (consumed, produced, deadlettered, failed).",
        new CounterConfiguration { LabelNames = ["step", "outcome"] });

    public static readonly Counter OffsetGaps = Metrics.CreateCounter(
        "faultmaven_offset_gap_records_total",
        "Offsets skipped on a partition: records the broker dropped before they were processed.",
        new CounterConfiguration { LabelNames = ["topic"] });

    public static void Count(string step, string outcome, long count = 1)
    {
        if (count > 0)
        {
            Records.WithLabels(step, outcome).Inc(count);
        }
    }
}
