using System.Text;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.LogAnalysis;

/// <summary>What the log analysis found: the normalized events (in input order), lines it could not read, and findings.</summary>
public sealed record LogAnalysisResult(IReadOnlyList<LogEvent> Events, IReadOnlyList<DeadLetter> DeadLetters, IReadOnlyList<Finding> Findings, int TemplateCount);

/// <summary>What a streamed log analysis found: how many events it read (each passed on, none kept), lines it could not read, and findings.</summary>
public sealed record StreamedLogAnalysis(int EventCount, IReadOnlyList<DeadLetter> DeadLetters, IReadOnlyList<Finding> Findings, int TemplateCount);

/// <summary>Runs submitted logs through normalization, template mining and the streaming detectors, as the pipeline would.</summary>
public sealed class LogAnalysisAgent(ErrorBurstOptions errorBurst)
{
    public LogAnalysisAgent()
        : this(new ErrorBurstOptions())
    {
    }

    /// <summary>
    /// Whether a streamed analysis (<see cref="Analyze(IEnumerable{LogDocument}, DateTimeOffset, Action{LogEvent})"/>)
    /// normalizes on the calling thread while mining and the observer each run on a thread of their own. Worth it where
    /// one input is analyzed at a time and cores are idle (<c>fm analyze</c>); a server answering several requests at
    /// once already keeps its cores busy, and there the threads would only add the cost of handing events over.
    /// </summary>
    public bool OnThreads { get; init; }

    /// <param name="receivedAt">Stands in for the timestamp of lines that carry none.</param>
    public static NormalizationResult Normalize(IEnumerable<LogDocument> documents, DateTimeOffset receivedAt)
    {
        var normalizer = new LogNormalizer();
        var results = documents.Select(document => normalizer.Normalize(Record(document, receivedAt))).ToList();
        return new NormalizationResult([.. results.SelectMany(result => result.Events)], [.. results.SelectMany(result => result.DeadLetters)]);
    }

    public LogAnalysisResult Analyze(IEnumerable<LogDocument> documents, DateTimeOffset receivedAt)
    {
        var normalized = Normalize(documents, receivedAt);
        return Analyze(normalized.Events) with { DeadLetters = normalized.DeadLetters };
    }

    /// <summary>
    /// As <see cref="Analyze(IEnumerable{LogDocument}, DateTimeOffset)"/>, passing each event to <paramref name="observe"/>
    /// in input order instead of keeping it (each event as soon as the normalizer completes it). With
    /// <see cref="OnThreads"/>, <paramref name="observe"/> runs on a thread of its own, beside mining.
    /// </summary>
    public StreamedLogAnalysis Analyze(IEnumerable<LogDocument> documents, DateTimeOffset receivedAt, Action<LogEvent> observe)
    {
        var normalizer = new LogNormalizer();
        var run = new LogAnalysisRun(errorBurst);
        var deadLetters = new List<DeadLetter>();
        EventFanOut.Run<LogEvent>(
            emit =>
            {
                foreach (var document in documents)
                {
                    deadLetters.AddRange(normalizer.Normalize(Record(document, receivedAt), emit).DeadLetters);
                }
            },
            [run.Add, observe],
            OnThreads);

        var (findings, templateCount) = run.Finish();
        return new StreamedLogAnalysis(run.Count, deadLetters, findings, templateCount);
    }

    /// <summary>Mines templates and runs the detectors over events already normalized, oldest first (e.g. the stored logs of an alert's window).</summary>
    public LogAnalysisResult Analyze(IReadOnlyList<LogEvent> events)
    {
        var run = new LogAnalysisRun(errorBurst);
        foreach (var logEvent in events)
        {
            run.Add(logEvent);
        }

        var (findings, templateCount) = run.Finish();
        return new LogAnalysisResult(events, [], findings, templateCount);
    }

    private static RawRecord Record(LogDocument document, DateTimeOffset receivedAt) =>
        new(document.Name, Encoding.UTF8.GetBytes(document.Text), new RawOffset(document.Name, 0, 0), receivedAt);
}
