using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.LogAnalysis;

/// <summary>
/// Template mining and the detectors of <see cref="LogAnalysisAgent"/>, fed one normalized event at a time in input
/// order and holding none of them: the detectors decide by template ids as events arrive and leave their findings as
/// drafts (<see cref="FindingDraft"/>), which <see cref="Finish"/> names by each template's final text.
/// </summary>
internal sealed class LogAnalysisRun
{
    /// <summary>A pasted log has no history, so only serious never-seen templates are worth reporting.</summary>
    private static readonly NewTemplateOptions NewTemplates = new(TimeSpan.MaxValue, Severity.Error);

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly TemplateMiner miner = new();
    private readonly ErrorBurstDetector errorBursts;
    private readonly List<(string Source, DateTimeOffset Start, ErrorBurstWindow Errors)> errorWindows = [];
    private readonly Dictionary<(string Source, DateTimeOffset Start), int> errorWindowIndex = [];
    private readonly IDraftingDetector[] detectors =
    [
        new NewTemplateDetector(NewTemplates),
        new RareTemplateBurstDetector(new RareTemplateBurstOptions(Window)),
        new AuthFailureBurstDetector(new AuthFailureBurstOptions(TimeSpan.FromMinutes(5))),
    ];

    private readonly List<FindingDraft>[] drafts;
    private DateTimeOffset? latest;

    public LogAnalysisRun(ErrorBurstOptions errorBurst)
    {
        errorBursts = new ErrorBurstDetector(errorBurst);
        drafts = [.. detectors.Select(_ => new List<FindingDraft>())];
    }

    /// <summary>Events added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Input lines the events added so far hold (<see cref="NormalizationResult.LinesOf"/>).</summary>
    public int Lines { get; private set; }

    public void Add(LogEvent logEvent)
    {
        Count++;
        Lines += NormalizationResult.LinesOf(logEvent);
        latest = latest is { } time && time >= logEvent.Timestamp ? time : logEvent.Timestamp;
        if (ErrorBurstDetector.IsError(logEvent))
        {
            CountError(logEvent);
        }

        // The event's own message stands in for its template's text: every finding is named after mining ends.
        var templated = new TemplatedEvent(logEvent, miner.Add(logEvent.Message).TemplateId, logEvent.Message);
        for (var index = 0; index < detectors.Length; index++)
        {
            drafts[index].AddRange(detectors[index].Draft(templated));
        }
    }

    /// <summary>
    /// The findings, as <see cref="LogAnalysisAgent.Analyze(IReadOnlyList{LogEvent})"/> orders them: error bursts by
    /// their window's first error, then each detector's in the order it made them, the windows still open judged last.
    /// </summary>
    public (IReadOnlyList<Finding> Findings, int TemplateCount) Finish()
    {
        var bursts = errorWindows
            .Where(window => errorBursts.IsBurst(window.Errors))
            .Select(window => errorBursts.ToFinding(window.Source, window.Start, window.Errors));
        if (latest is { } last)
        {
            // Every event first, then the clock to the end: moved first, a windowed detector would start past the
            // input and never close a window on it.
            for (var index = 0; index < detectors.Length; index++)
            {
                drafts[index].AddRange(detectors[index].DraftUntil(last + Window));
            }
        }

        var finalTexts = new Dictionary<int, string?>();
        string? FinalText(int templateId) =>
            finalTexts.TryGetValue(templateId, out var text) ? text : finalTexts[templateId] = miner.Find(templateId)?.Text;
        // Named by final texts, drafts of templates that merged after each was drafted can be one finding (one id): the first stands.
        return ([.. bursts, .. drafts.SelectMany(made => made).Select(draft => draft(FinalText)).DistinctBy(finding => finding.Id)], miner.Templates.Count);
    }

    private void CountError(LogEvent logEvent)
    {
        var key = (logEvent.Source, errorBursts.WindowStart(logEvent.Timestamp));
        if (!errorWindowIndex.TryGetValue(key, out var index))
        {
            index = errorWindows.Count;
            errorWindowIndex.Add(key, index);
            errorWindows.Add((key.Source, key.Item2, ErrorBurstWindow.Empty));
        }

        var window = errorWindows[index];
        errorWindows[index] = window with { Errors = errorBursts.Add(window.Errors, ErrorSample.From(logEvent)) };
    }
}
