using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Options of <see cref="NewTemplateDetector"/>.</summary>
/// <param name="WarmUp">How long after a source's first event every template is still new by nature; only serious ones are reported then.</param>
/// <param name="SeriousLevel">Level from which a never-seen template is reported even during warm-up.</param>
public sealed record NewTemplateOptions(TimeSpan WarmUp, Severity SeriousLevel = Severity.Warn);

/// <summary>Reports the first occurrence of a template never seen before from a source: at a serious level, or once warm-up is over.</summary>
public sealed class NewTemplateDetector(NewTemplateOptions options) : IStreamingDetector
{
    public const string Kind = "new-template";
    private readonly Dictionary<string, SourceHistory> sources = new(StringComparer.Ordinal);

    public IReadOnlyList<Finding> Observe(TemplatedEvent templated)
    {
        var logEvent = templated.Event;
        if (!sources.TryGetValue(logEvent.Source, out var history))
        {
            history = new SourceHistory(logEvent.Timestamp);
            sources.Add(logEvent.Source, history);
        }

        if (!history.SeenTemplates.Add(templated.TemplateId))
        {
            return [];
        }

        var warmedUp = logEvent.Timestamp - history.FirstEvent >= options.WarmUp;
        var serious = logEvent.Level >= options.SeriousLevel;
        if (!warmedUp && !serious)
        {
            return [];
        }

        return
        [
            new Finding(
                FindingId.For(Kind, logEvent.Source, templated.Template, logEvent.Timestamp),
                Kind,
                serious ? logEvent.Level : Severity.Info,
                logEvent.Source,
                logEvent.Service,
                logEvent.Timestamp,
                logEvent.Timestamp,
                $"New {logEvent.Level.ToString().ToUpperInvariant()} message never seen from {logEvent.Source}: {templated.Template}",
                1,
                0,
                1,
                $"{Kind}/1",
                [templated.Template],
                [logEvent.Message],
                [logEvent.Raw]),
        ];
    }

    public IReadOnlyList<Finding> AdvanceTo(DateTimeOffset now) => [];

    private sealed record SourceHistory(DateTimeOffset FirstEvent)
    {
        public HashSet<int> SeenTemplates { get; } = [];
    }
}
