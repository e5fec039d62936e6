using System.Text;
using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.LogAnalysis;

/// <summary>What the log analysis found: the normalized events (in input order), lines it could not read, and findings.</summary>
public sealed record LogAnalysisResult(IReadOnlyList<LogEvent> Events, IReadOnlyList<DeadLetter> DeadLetters, IReadOnlyList<Finding> Findings, int TemplateCount);

/// <summary>Runs submitted logs through normalization, template mining and the streaming detectors, as the pipeline would.</summary>
public sealed class LogAnalysisAgent(ErrorBurstOptions errorBurst)
{
    /// <summary>A pasted log has no history, so only serious never-seen templates are worth reporting.</summary>
    private static readonly NewTemplateOptions NewTemplates = new(TimeSpan.MaxValue, Severity.Error);

    public LogAnalysisAgent()
        : this(new ErrorBurstOptions())
    {
    }

    /// <param name="receivedAt">Stands in for the timestamp of lines that carry none.</param>
    public static NormalizationResult Normalize(IEnumerable<LogDocument> documents, DateTimeOffset receivedAt)
    {
        var normalizer = new LogNormalizer();
        var results = documents
            .Select(document => normalizer.Normalize(new RawRecord(document.Name, Encoding.UTF8.GetBytes(document.Text), new RawOffset(document.Name, 0, 0), receivedAt)))
            .ToList();
        return new NormalizationResult([.. results.SelectMany(result => result.Events)], [.. results.SelectMany(result => result.DeadLetters)]);
    }

    public LogAnalysisResult Analyze(IEnumerable<LogDocument> documents, DateTimeOffset receivedAt)
    {
        var normalized = Normalize(documents, receivedAt);
        return Analyze(normalized.Events) with { DeadLetters = normalized.DeadLetters };
    }

    /// <summary>Mines templates and runs the detectors over events already normalized, oldest first (e.g. the stored logs of an alert's window).</summary>
    public LogAnalysisResult Analyze(IReadOnlyList<LogEvent> events)
    {
        var miner = new TemplateMiner();
        var templateIds = events.Select(logEvent => miner.Add(logEvent.Message).TemplateId).ToList();

        // Read after mining everything, so each event carries its template's final form.
        var templated = events
            .Select((logEvent, index) => new TemplatedEvent(logEvent, templateIds[index], miner.Find(templateIds[index])?.Text ?? logEvent.Message))
            .ToList();
        var findings = ErrorBursts(events).Concat(StreamingFindings(templated)).ToList();
        return new LogAnalysisResult(events, [], findings, miner.Templates.Count);
    }

    private IEnumerable<Finding> ErrorBursts(IReadOnlyList<LogEvent> events)
    {
        var detector = new ErrorBurstDetector(errorBurst);
        var width = errorBurst.Window.Ticks;
        return events
            .Where(ErrorBurstDetector.IsError)
            .GroupBy(logEvent => (logEvent.Source, Start: new DateTimeOffset(logEvent.Timestamp.UtcTicks - (logEvent.Timestamp.UtcTicks % width), TimeSpan.Zero)))
            .Select(window => (window.Key, Errors: window.Aggregate(ErrorBurstWindow.Empty, (sum, logEvent) => detector.Add(sum, ErrorSample.From(logEvent)))))
            .Where(window => detector.IsBurst(window.Errors))
            .Select(window => detector.ToFinding(window.Key.Source, window.Key.Start, window.Errors));
    }

    private static IEnumerable<Finding> StreamingFindings(IReadOnlyList<TemplatedEvent> templated)
    {
        if (templated.Count == 0)
        {
            return [];
        }

        var window = TimeSpan.FromMinutes(1);
        IStreamingDetector[] detectors =
        [
            new NewTemplateDetector(NewTemplates),
            new RareTemplateBurstDetector(new RareTemplateBurstOptions(window)),
            new AuthFailureBurstDetector(new AuthFailureBurstOptions(TimeSpan.FromMinutes(5))),
        ];
        var end = templated.Max(item => item.Event.Timestamp) + window;
        var findings = new List<Finding>();
        foreach (var detector in detectors)
        {
            // Every event first, then the clock to the end: moved first, a windowed detector would start past the
            // input and never close a window on it.
            foreach (var item in templated)
            {
                findings.AddRange(detector.Observe(item));
            }

            findings.AddRange(detector.AdvanceTo(end));
        }

        return findings;
    }
}
