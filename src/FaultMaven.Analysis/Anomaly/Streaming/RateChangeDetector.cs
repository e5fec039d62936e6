using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Options of <see cref="RateChangeDetector"/>.</summary>
/// <param name="Smoothing">EWMA weight of the newest window.</param>
/// <param name="Threshold">|z| from which a window is reported.</param>
/// <param name="MinChange">Smallest absolute difference from the baseline worth reporting, so small counts do not alarm.</param>
/// <param name="WarmUpWindows">Windows the detector must have seen before it judges any series.</param>
/// <param name="SeasonalHistory">History after which each hour of the week is judged against its own baseline.</param>
public sealed record RateChangeOptions(
    TimeSpan Window,
    double Smoothing = 0.1,
    double Threshold = 4,
    double MinChange = 5,
    int WarmUpWindows = 10,
    TimeSpan? SeasonalHistory = null)
{
    public TimeSpan SeasonalHistoryOrDefault => SeasonalHistory ?? TimeSpan.FromDays(14);
}

/// <summary>Reports a window whose volume, error count or count of one template departs from its learned baseline
/// (EWMA mean and variance per series, and per hour of the week once there is enough history).</summary>
public sealed class RateChangeDetector(RateChangeOptions options) : WindowedDetector(options.Window)
{
    public const string Kind = "rate-change";
    private const int HoursPerWeek = 7 * 24;
    private readonly Dictionary<Series, SeriesHistory> histories = [];
    private readonly Dictionary<Series, WindowTally> window = [];
    private int closedWindows;

    protected override void Count(TemplatedEvent templated)
    {
        var origin = Origin.Of(templated);
        Tally(new Series(origin, Metric.Volume, -1)).Add(templated);
        Tally(new Series(origin, Metric.Template, templated.TemplateId)).Add(templated);
        if (templated.Event.Level >= Severity.Error)
        {
            Tally(new Series(origin, Metric.Errors, -1)).Add(templated);
        }
    }

    protected override IEnumerable<FindingDraft> CloseWindow(DateTimeOffset start, DateTimeOffset end)
    {
        foreach (var series in window.Keys.Where(series => !histories.ContainsKey(series)))
        {
            var history = new SeriesHistory(start, options.Smoothing);
            if (closedWindows > 0)
            {
                // A series first seen now had zero events in every earlier window.
                history.Overall.Update(0);
            }

            histories.Add(series, history);
        }

        var findings = new List<Finding>();
        var hourOfWeek = ((int)start.DayOfWeek * 24) + start.Hour;
        foreach (var (series, history) in histories)
        {
            var tally = window.GetValueOrDefault(series) ?? new WindowTally();
            var seasonal = history.Seasonal[hourOfWeek];
            var baseline = start - history.FirstWindow >= options.SeasonalHistoryOrDefault && seasonal.Observations > 0 ? seasonal : history.Overall;
            var z = baseline.ZScore(tally.Count);
            if (closedWindows >= options.WarmUpWindows
                && Math.Abs(z) >= options.Threshold
                && Math.Abs(tally.Count - baseline.Mean) >= options.MinChange)
            {
                findings.Add(Report(series, tally, baseline.Mean, z, start, end));
            }

            history.Overall.Update(tally.Count);
            seasonal.Update(tally.Count);
        }

        window.Clear();
        closedWindows++;
        return findings.Select(FindingDrafts.Finished);
    }

    private WindowTally Tally(Series series)
    {
        if (!window.TryGetValue(series, out var tally))
        {
            tally = new WindowTally();
            window.Add(series, tally);
        }

        return tally;
    }

    private Finding Report(Series series, WindowTally tally, double baseline, double z, DateTimeOffset start, DateTimeOffset end)
    {
        var what = series.Metric switch
        {
            Metric.Volume => "Log volume",
            Metric.Errors => "Error count",
            _ => $"Count of template {series.TemplateId}",
        };
        var rose = z > 0;
        var direction = rose ? "rose" : "fell";

        // Only more of what needs a person deserves one: more errors, more of a warning or error-like message. More or
        // less of everything, fewer errors and more informational lines inform (issue 12: a pushed sample's INFO volume
        // changes opened most of its incidents).
        var severity = (series.Metric, rose) switch
        {
            (Metric.Errors, true) => Severity.Error,
            (Metric.Template, true) => ErrorLike.SeverityOf(tally.MaxLevel, tally.Examples),
            _ => Severity.Info,
        };
        return new Finding(
            FindingId.For(Kind, series.Origin.Source, $"{series.Origin.Service}/{series.Metric}/{series.TemplateId}", start),
            Kind,
            severity,
            series.Origin.Source,
            series.Origin.Service,
            start,
            end,
            $"{what} of {series.Origin} {direction} to {tally.Count} per {Width} (baseline {baseline:0.#})",
            tally.Count,
            baseline,
            z,
            $"{Kind}/1",
            tally.Templates,
            tally.Examples,
            tally.Evidence);
    }

    private enum Metric
    {
        Volume,
        Errors,
        Template,
    }

    private readonly record struct Series(Origin Origin, Metric Metric, int TemplateId);

    private sealed class SeriesHistory(DateTimeOffset firstWindow, double smoothing)
    {
        public DateTimeOffset FirstWindow { get; } = firstWindow;

        public ExponentialBaseline Overall { get; } = new(smoothing);

        public ExponentialBaseline[] Seasonal { get; } = [.. Enumerable.Range(0, HoursPerWeek).Select(_ => new ExponentialBaseline(smoothing))];
    }
}
