using System.Text.RegularExpressions;

namespace FaultMaven.LoadDriver;

/// <summary>
/// How long the worker spent in each timed step (<c>faultmaven_pipeline_step_duration_seconds</c>) over the run:
/// <paramref name="Timed"/> Kafka records (normalize: one raw chunk and every step after it) or batches (sink-*),
/// <paramref name="BusySeconds"/> their summed durations, <paramref name="Records"/> the Kafka records the step consumed.
/// A step whose busy seconds approach the run's end-to-end time is the one that bounds it.
/// </summary>
public sealed record StepTiming(string Step, long Timed, double BusySeconds, long Records)
{
    public double MillisecondsEach => Timed == 0 ? 0 : BusySeconds * 1000 / Timed;
}

/// <summary>Reads <see cref="StepTiming"/>s from the worker's Prometheus exposition.</summary>
public static partial class StepTimings
{
    public static IReadOnlyList<StepTiming> Parse(string exposition)
    {
        var sums = Exposition.SumBy(DurationSum(), exposition, "step");
        var counts = Exposition.SumBy(DurationCount(), exposition, "step");
        var consumed = Exposition.SumBy(Consumed(), exposition, "step");
        return [.. counts.Keys.Order(StringComparer.Ordinal)
            .Select(step => new StepTiming(step, (long)counts[step], sums.GetValueOrDefault(step), (long)consumed.GetValueOrDefault(step)))];
    }

    [GeneratedRegex("""^faultmaven_pipeline_step_duration_seconds_sum\{[^}]*step="(?<step>[^"]*)"[^}]*\}\s+(?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex DurationSum();

    [GeneratedRegex("""^faultmaven_pipeline_step_duration_seconds_count\{[^}]*step="(?<step>[^"]*)"[^}]*\}\s+(?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex DurationCount();

    [GeneratedRegex("""^faultmaven_pipeline_records_total\{(?=[^}]*outcome="consumed")[^}]*step="(?<step>[^"]*)"[^}]*\}\s+(?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex Consumed();
}
