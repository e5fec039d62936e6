using System.Text;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.LogAnalysis;

/// <summary>What the log analysis found: the normalized events (in input order), lines it could not read, and findings.</summary>
/// <param name="Lines">Where the submitted text's lines went; <see cref="LineTally.None"/> for events given already normalized.</param>
public sealed record LogAnalysisResult(IReadOnlyList<LogEvent> Events, IReadOnlyList<DeadLetter> DeadLetters, IReadOnlyList<Finding> Findings, int TemplateCount, LineTally Lines);

/// <summary>What a streamed log analysis found: how many events it read (each passed on, none kept), lines it could not read, findings, and where every line went.</summary>
public sealed record StreamedLogAnalysis(int EventCount, IReadOnlyList<DeadLetter> DeadLetters, IReadOnlyList<Finding> Findings, int TemplateCount, LineTally Lines);

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
        return Combined([.. documents.Select(document => normalizer.Normalize(Record(document, receivedAt)))]);
    }

    public LogAnalysisResult Analyze(IEnumerable<LogDocument> documents, DateTimeOffset receivedAt)
    {
        var normalized = Normalize(documents, receivedAt);
        return Analyze(normalized.Events) with { DeadLetters = normalized.DeadLetters, Lines = LineTally.Of(normalized, normalized.Events.Sum(NormalizationResult.LinesOf)) };
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
        var results = new List<NormalizationResult>();
        EventFanOut.Run<LogEvent>(
            emit =>
            {
                foreach (var document in documents)
                {
                    results.Add(normalizer.Normalize(Record(document, receivedAt), emit));
                }
            },
            [run.Add, observe],
            OnThreads);

        var (findings, templateCount) = run.Finish();
        var normalized = Combined(results);
        return new StreamedLogAnalysis(run.Count, normalized.DeadLetters, findings, templateCount, LineTally.Of(normalized, run.Lines));
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
        return new LogAnalysisResult(events, [], findings, templateCount, LineTally.None);
    }

    /// <summary>The results of several documents as one: events and dead letters in order, line counts summed.</summary>
    private static NormalizationResult Combined(IReadOnlyList<NormalizationResult> results) =>
        new(
            [.. results.SelectMany(result => result.Events)],
            [.. results.SelectMany(result => result.DeadLetters)],
            results.Sum(result => result.HeaderLines),
            results.Sum(result => result.Lines),
            results.Sum(result => result.BlankLines));

    private static RawRecord Record(LogDocument document, DateTimeOffset receivedAt) =>
        new(document.Name, Encoding.UTF8.GetBytes(document.Text), new RawOffset(document.Name, 0, 0), receivedAt);
}
