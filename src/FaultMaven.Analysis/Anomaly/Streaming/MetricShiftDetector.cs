using System.Globalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Options of <see cref="MetricShiftDetector"/>.</summary>
/// <param name="Smoothing">EWMA weight of the newest sample, as <see cref="RateChangeOptions.Smoothing"/>.</param>
/// <param name="Threshold">|z| from which a sample is anomalous.</param>
/// <param name="WarmUpSamples">Samples a series must have had before any is judged.</param>
/// <param name="RelativeFloor">Smallest spread, as a fraction of the baseline, so a perfectly steady gauge does not alarm on a wobble.</param>
/// <param name="AbsoluteFloor">Smallest spread in the metric's own unit, for a baseline at zero (no errors, no restarts).</param>
public sealed record MetricShiftOptions(
    double Smoothing = 0.1,
    double Threshold = 4,
    int WarmUpSamples = 10,
    double RelativeFloor = 0.1,
    double AbsoluteFloor = 1e-3);

/// <summary>One point of a metric series (a Prometheus range-query sample).</summary>
public readonly record struct MetricSample(DateTimeOffset At, double Value);

/// <summary>A metric series of one source: which signal it is, the query that produced it (to show it again) and its series labels.</summary>
/// <param name="Samples">Oldest first, one per <paramref name="Step"/>; gaps are allowed.</param>
public sealed record MetricSeries(string Source, string Signal, string Query, string Labels, TimeSpan Step, IReadOnlyList<MetricSample> Samples);

/// <summary>
/// Finds where a metric series (error rate, a latency quantile, CPU, memory, restarts) departs from its own learned
/// baseline: the exponentially weighted mean and variance that <see cref="RateChangeDetector"/> keeps per log count,
/// with the spread floored relative to the metric's scale instead of at the Poisson spread of a count. Consecutive
/// anomalous samples in one direction are one finding, carrying the query that shows them; they do not teach the
/// baseline, so a shift that lasts is reported for as long as it lasts rather than absorbed after a few samples.
/// </summary>
public sealed class MetricShiftDetector(MetricShiftOptions options)
{
    public const string Kind = "metric-anomaly";

    /// <param name="reportFrom">Samples before it only teach the baseline (the history queried before an incident's window).</param>
    public IReadOnlyList<Finding> Detect(MetricSeries series, DateTimeOffset reportFrom)
    {
        var baseline = new ExponentialBaseline(options.Smoothing);
        var findings = new List<Finding>();
        var run = new List<(MetricSample Sample, double Z)>();
        var runBaseline = 0.0;
        foreach (var sample in series.Samples.Where(s => double.IsFinite(s.Value)))
        {
            var z = baseline.Observations < options.WarmUpSamples ? 0 : ZScore(baseline, sample.Value);
            var anomalous = sample.At >= reportFrom && Math.Abs(z) >= options.Threshold;
            if (run.Count > 0 && (!anomalous || Math.Sign(z) != Math.Sign(run[0].Z)))
            {
                findings.Add(Report(series, run, runBaseline));
                run.Clear();
            }

            if (anomalous)
            {
                if (run.Count == 0)
                {
                    runBaseline = baseline.Mean;
                }

                run.Add((sample, z));
                continue;
            }

            baseline.Update(sample.Value);
        }

        if (run.Count > 0)
        {
            findings.Add(Report(series, run, runBaseline));
        }

        return findings;
    }

    private double ZScore(ExponentialBaseline baseline, double value)
    {
        var floor = Math.Max(options.RelativeFloor * Math.Abs(baseline.Mean), options.AbsoluteFloor);
        return (value - baseline.Mean) / Math.Sqrt(Math.Max(baseline.Variance, floor * floor));
    }

    private static Finding Report(MetricSeries series, List<(MetricSample Sample, double Z)> run, double baseline)
    {
        var rose = run[0].Z > 0;
        var peak = rose ? run.MaxBy(point => point.Sample.Value) : run.MinBy(point => point.Sample.Value);
        var start = run[0].Sample.At;
        var values = string.Join(", ", run.Take(10).Select(point => string.Create(CultureInfo.InvariantCulture, $"{point.Sample.At:HH:mm:ss} {point.Sample.Value:G4}")));
        return new Finding(
            FindingId.For(Kind, series.Source, $"{series.Signal}/{series.Labels}", start),
            Kind,
            rose ? Severity.Error : Severity.Warn,
            series.Source,
            series.Source,
            start,
            run[^1].Sample.At + series.Step,
            string.Create(CultureInfo.InvariantCulture, $"{series.Signal} of {series.Source} {(rose ? "rose" : "fell")} to {peak.Sample.Value:G4} (baseline {baseline:G4})"),
            run.Count,
            baseline,
            Math.Abs(peak.Z),
            $"{Kind}/1",
            [],
            [$"PromQL: {series.Query}", $"series: {series.Labels}", $"values: {values}"],
            []);
    }
}
