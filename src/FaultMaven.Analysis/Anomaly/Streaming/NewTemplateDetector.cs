using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Options of <see cref="NewTemplateDetector"/>.</summary>
/// <param name="WarmUp">How long after a source's first event every template is still new by nature; only serious ones are reported then.</param>
/// <param name="SeriousLevel">Level from which a never-seen template is reported even during warm-up.</param>
public sealed record NewTemplateOptions(TimeSpan WarmUp, Severity SeriousLevel = Severity.Warn);

/// <summary>
/// Reports the first occurrence of a template never seen before from a source when there is a signal in it: a serious
/// level, or, once warm-up is over, error-like words in a line whose level is unknown. A new template alone is not one:
/// a source without levels would otherwise raise a finding for every message it has not written before.
/// </summary>
/// <remarks>
/// One finding per source for what its title names, whatever the template ids: two ids can be one message to a reader,
/// when the miner merges templates after both were reported (<c>customer=acme</c>, <c>customer=globex</c>, then
/// <c>customer=&lt;*&gt;</c>), or when the title names the same exception above different stacks. The finding's id is
/// its title's (<see cref="FindingId.For(string, string, string)"/>): the live detector reports an id once, and an
/// offline analysis, which names its drafts by the templates' final texts, keeps the first finding of each id.
/// </remarks>
public sealed class NewTemplateDetector(NewTemplateOptions options) : IDraftingDetector
{
    public const string Kind = "new-template";
    private readonly Dictionary<string, SourceHistory> sources = new(StringComparer.Ordinal);

    public IReadOnlyList<Finding> Observe(TemplatedEvent templated)
    {
        var found = FindingDrafts.BuildLive(Draft(templated));
        return found.Count == 0 ? found : [.. found.Where(finding => sources[finding.Source].ReportedIds.Add(finding.Id))];
    }

    public IReadOnlyList<Finding> AdvanceTo(DateTimeOffset now) => [];

    public IReadOnlyList<FindingDraft> Draft(TemplatedEvent templated)
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
        var errorWords = warmedUp && ErrorLike.IsErrorLike(logEvent.Level, logEvent.Message);
        if (!serious && !errorWords)
        {
            return [];
        }

        return [Drafted(templated, serious)];
    }

    public IReadOnlyList<FindingDraft> DraftUntil(DateTimeOffset now) => [];

    /// <remarks>Apart from <see cref="Draft"/>, so that its closure is allocated only for a finding.</remarks>
    private static FindingDraft Drafted(TemplatedEvent templated, bool serious) => templateText =>
    {
        var logEvent = templated.Event;
        var template = templateText?.Invoke(templated.TemplateId) ?? templated.Template;
        var title = Titles.Shorten($"New {(serious ? logEvent.Level.ToString().ToUpperInvariant() : "error-like")} message: {Titles.Of(template, logEvent.Service)}");
        return new Finding(
            FindingId.For(Kind, logEvent.Source, title),
            Kind,
            serious ? logEvent.Level : Severity.Warn,
            logEvent.Source,
            logEvent.Service,
            logEvent.Timestamp,
            logEvent.Timestamp,
            title,
            1,
            0,
            1,
            $"{Kind}/1",
            [template],
            [logEvent.Message],
            [logEvent.Raw]);
    };

    private sealed record SourceHistory(DateTimeOffset FirstEvent)
    {
        public HashSet<int> SeenTemplates { get; } = [];

        public HashSet<string> ReportedIds { get; } = new(StringComparer.Ordinal);
    }
}
