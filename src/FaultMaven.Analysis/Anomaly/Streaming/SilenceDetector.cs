using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Options of <see cref="SilenceDetector"/>.</summary>
/// <param name="MinBaseline">Events per window a source must usually send to count as chatty.</param>
/// <param name="SilentWindows">Consecutive empty windows that make a silence.</param>
/// <param name="WarmUpWindows">Windows of history a source needs before its silence is reported.</param>
public sealed record SilenceOptions(TimeSpan Window, double MinBaseline = 10, int SilentWindows = 3, double Smoothing = 0.1, int WarmUpWindows = 10);

/// <summary>Reports a formerly chatty source that stopped sending; the finding keeps its id and grows while the silence lasts.</summary>
public sealed class SilenceDetector(SilenceOptions options) : WindowedDetector(options.Window)
{
    public const string Kind = "silence";
    private readonly Dictionary<Origin, OriginHistory> histories = [];

    protected override void Count(TemplatedEvent templated)
    {
        var origin = Origin.Of(templated);
        if (!histories.TryGetValue(origin, out var history))
        {
            history = new OriginHistory(new ExponentialBaseline(options.Smoothing));
            histories.Add(origin, history);
        }

        history.Window.Add(templated);
    }

    protected override IEnumerable<FindingDraft> CloseWindow(DateTimeOffset start, DateTimeOffset end)
    {
        var findings = new List<Finding>();
        foreach (var (origin, history) in histories)
        {
            if (history.Window.Count > 0)
            {
                history.Baseline.Update(history.Window.Count);
                history.LastEvidence = history.Window;
                history.SilentSince = null;
                history.Window = new WindowTally();
                continue;
            }

            var silentSince = history.SilentSince ??= start;
            if (end - silentSince >= options.SilentWindows * Width
                && history.Baseline.Mean >= options.MinBaseline
                && history.Baseline.Observations >= options.WarmUpWindows)
            {
                findings.Add(new Finding(
                    FindingId.For(Kind, origin.Source, origin.Service ?? string.Empty, silentSince),
                    Kind,
                    Severity.Warn,
                    origin.Source,
                    origin.Service,
                    silentSince,
                    end,
                    $"{origin} went silent for {end - silentSince} (usually {history.Baseline.Mean:0.#} events per {Width})",
                    0,
                    history.Baseline.Mean,
                    (end - silentSince) / Width,
                    $"{Kind}/1",
                    history.LastEvidence.Templates,
                    history.LastEvidence.Examples,
                    history.LastEvidence.Evidence));
            }
        }

        return findings.Select(FindingDrafts.Finished);
    }

    private sealed class OriginHistory(ExponentialBaseline baseline)
    {
        public ExponentialBaseline Baseline { get; } = baseline;

        public WindowTally Window { get; set; } = new();

        /// <summary>The last window that had events, shown as what the source was saying before it went quiet.</summary>
        public WindowTally LastEvidence { get; set; } = new();

        public DateTimeOffset? SilentSince { get; set; }
    }
}
