using Prometheus;

namespace FaultMaven.Pipeline;

/// <summary>Prometheus counters per topology step; the step names are the processor names of the topologies.</summary>
public static class PipelineMetrics
{
    // prometheus-net attaches the current trace as an exemplar to every increment by default; inside the pipeline's
    // per-record spans that cost more CPU than the counting itself (profiled), and traces are found by their own ids.
    private static readonly ExemplarBehavior WithoutExemplars = new() { DefaultExemplarProvider = (_, _) => Exemplar.None };

    public static readonly Counter Records = Metrics.CreateCounter(
        "faultmaven_pipeline_records_total",
        "Records per pipeline step and outcome (consumed, produced, deadlettered, failed).",
        new CounterConfiguration { LabelNames = ["step", "outcome"], ExemplarBehavior = WithoutExemplars });

    public static readonly Counter OffsetGaps = Metrics.CreateCounter(
        "faultmaven_offset_gap_records_total",
        "Offsets skipped on a partition: records the broker dropped before they were processed.",
        new CounterConfiguration { LabelNames = ["topic"], ExemplarBehavior = WithoutExemplars });

    /// <summary>
    /// Seconds to process one Kafka record per step: <c>normalize</c> times a raw record (a chunk of lines) through
    /// normalize and every step after it, which run inside it; <c>sink-*</c> times a sink batch from decoding to the
    /// durable write. Buckets from 0.5 ms to about 8 s, doubling.
    /// </summary>
    public static readonly Histogram StepDuration = Metrics.CreateHistogram(
        "faultmaven_pipeline_step_duration_seconds",
        "Seconds to process one Kafka record (normalize and the steps after it) or one sink batch (sink-*).",
        new HistogramConfiguration { LabelNames = ["step"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 15), ExemplarBehavior = WithoutExemplars });

    /// <summary>
    /// Templates the live miner holds per source, set whenever its miner is saved (on a new template and every few
    /// seconds). A source is one partition's, so one worker reports it; after a rebalance the previous owner's value stays
    /// until it restarts, so dashboards take <c>max by (source)</c>.
    /// </summary>
    public static readonly Gauge Templates = Metrics.CreateGauge(
        "faultmaven_templates",
        "Templates the live template miner holds, per source.",
        new GaugeConfiguration { LabelNames = ["source"] });

    /// <summary>
    /// Templates retired from a source's live miner to keep its stored state within
    /// <see cref="Analysis.Live.LiveAnalysisOptions.MaxMinerStateBytes"/>: a source whose lines vary more than the bound holds. Its lines keep
    /// being stored; a line like a retired template gets a new template id.
    /// </summary>
    public static readonly Counter RetiredTemplates = Metrics.CreateCounter(
        "faultmaven_templates_retired_total",
        "Templates retired from a source's live miner to keep its stored state within FaultMaven:Detection:Live:MaxMinerStateBytes.",
        new CounterConfiguration { LabelNames = ["source"], ExemplarBehavior = WithoutExemplars });

    public static void Count(string step, string outcome, long count = 1)
    {
        if (count > 0)
        {
            Records.WithLabels(step, outcome).Inc(count);
        }
    }
}
