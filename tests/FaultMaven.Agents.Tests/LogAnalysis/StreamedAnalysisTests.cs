using System.Text.Json;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Tests.LogAnalysis;

/// <summary>
/// The streamed analysis (each event mined, fed to the detectors and diagnosed as it is normalized, findings named after
/// mining ends) answers what keeping every event answers: the detectors run after mining everything, with each event
/// carrying its template's final text, and the diagnosis over every event at once. On each Loghub-2k log, all eight
/// concatenated (one source's miner and detectors over mixed formats), and every sample incident.
/// </summary>
public sealed class StreamedAnalysisTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2024, 5, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly TroubleshootingAgent Troubleshooting = new(KnowledgeBaseLoader.LoadBuiltIn());

    public static TheoryData<string> Inputs() => [.. InputNames()];

    private static IEnumerable<string> InputNames()
    {
        var loghub = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Loghub"), "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var samples = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        return [.. loghub.Select(path => Path.GetFileName(path)), "all Loghub-2k", .. samples.Select(path => Path.GetRelativePath(AppContext.BaseDirectory, path))];
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Streaming_finds_what_running_the_detectors_after_mining_everything_finds(string input)
    {
        var events = LogAnalysisAgent.Normalize([Document(input)], ReceivedAt).Events;

        var streamed = new LogAnalysisAgent().Analyze(events);

        Assert.Equal(Json(FindingsAfterMiningEverything(events)), Json(streamed.Findings));
    }

    [Fact]
    public void The_inputs_raise_every_kind_of_finding_whose_name_waits_for_mining_to_end()
    {
        var kinds = InputNames()
            .SelectMany(input => new LogAnalysisAgent().Analyze([Document(input)], ReceivedAt).Findings)
            .Select(finding => finding.Kind)
            .ToHashSet();

        Assert.Superset(kinds, new HashSet<string> { NewTemplateDetector.Kind, RareTemplateBurstDetector.Kind, AuthFailureBurstDetector.Kind, ErrorBurstOptions.Kind });
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Diagnosing_while_scanning_ranks_what_diagnosing_every_event_at_once_ranks(string input)
    {
        var events = LogAnalysisAgent.Normalize([Document(input)], ReceivedAt).Events;
        // One finding without evidence: its example lines are diagnosed too, after the input's own.
        Finding[] findings =
        [
            .. new LogAnalysisAgent().Analyze(events).Findings,
            new("x", "alert", Severity.Error, "app.log", null, ReceivedAt, ReceivedAt, "alert", 1, null, 1, null, [], ["java.lang.OutOfMemoryError: Java heap space"], []),
        ];
        var scan = Troubleshooting.StartScan();
        var observed = new List<LogEvent>();

        var streamed = new LogAnalysisAgent().Analyze([Document(input)], ReceivedAt, logEvent =>
        {
            scan.Add(logEvent);
            observed.Add(logEvent);
        });

        Assert.Equal(events.Count, streamed.EventCount);
        Assert.Equal(Json(events), Json(observed));
        Assert.Equal(Json(Troubleshooting.Diagnose(events, findings, FeedbackHistory.Empty)), Json(Troubleshooting.Diagnose(scan, findings, FeedbackHistory.Empty)));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Analyzing_on_threads_answers_what_one_thread_answers(string input)
    {
        var request = FaultMaven.Agents.Routing.AgentRequest.ForLogs([Document(input)]);
        var observedOnThreads = new List<LogEvent>();

        var oneThread = await new FaultMaven.Agents.Routing.Assistant(new LogAnalysisAgent(), Troubleshooting)
            .AnswerAsync(request, FeedbackHistory.Empty, ReceivedAt, CancellationToken.None);
        var onThreads = await new FaultMaven.Agents.Routing.Assistant(new LogAnalysisAgent { OnThreads = true }, Troubleshooting)
            .AnswerAsync(request, FeedbackHistory.Empty, ReceivedAt, CancellationToken.None);
        var streamed = new LogAnalysisAgent { OnThreads = true }.Analyze([Document(input)], ReceivedAt, observedOnThreads.Add);

        Assert.Equal(Json(oneThread), Json(onThreads));
        Assert.Equal(Json(LogAnalysisAgent.Normalize([Document(input)], ReceivedAt).Events), Json(observedOnThreads));
        Assert.Equal(observedOnThreads.Count, streamed.EventCount);
    }

    private static LogDocument Document(string input) => input switch
    {
        "all Loghub-2k" => new LogDocument("mix.log", string.Concat(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Loghub"), "*.log", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllText))),
        _ when input.EndsWith("_2k.log", StringComparison.Ordinal) => new LogDocument(input, File.ReadAllText(
            Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Loghub"), input, SearchOption.AllDirectories).Single())),
        _ => new LogDocument(Path.GetFileName(input), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, input))),
    };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>The analysis as it was before it streamed: every event mined first, then each detector over all of them.</summary>
    private static List<Finding> FindingsAfterMiningEverything(IReadOnlyList<LogEvent> events)
    {
        var miner = new TemplateMiner();
        var templateIds = events.Select(logEvent => miner.Add(logEvent.Message).TemplateId).ToList();
        var templated = events
            .Select((logEvent, index) => new TemplatedEvent(logEvent, templateIds[index], miner.Find(templateIds[index])?.Text ?? logEvent.Message))
            .ToList();
        var errorBursts = new ErrorBurstDetector(new ErrorBurstOptions());
        var width = errorBursts.Options.Window.Ticks;
        var findings = events
            .Where(ErrorBurstDetector.IsError)
            .GroupBy(logEvent => (logEvent.Source, Start: new DateTimeOffset(logEvent.Timestamp.UtcTicks - (logEvent.Timestamp.UtcTicks % width), TimeSpan.Zero)))
            .Select(window => (window.Key, Errors: window.Aggregate(ErrorBurstWindow.Empty, (sum, logEvent) => errorBursts.Add(sum, ErrorSample.From(logEvent)))))
            .Where(window => errorBursts.IsBurst(window.Errors))
            .Select(window => errorBursts.ToFinding(window.Key.Source, window.Key.Start, window.Errors))
            .ToList();
        if (templated.Count == 0)
        {
            return findings;
        }

        var minute = TimeSpan.FromMinutes(1);
        IStreamingDetector[] detectors =
        [
            new NewTemplateDetector(new NewTemplateOptions(TimeSpan.MaxValue, Severity.Error)),
            new RareTemplateBurstDetector(new RareTemplateBurstOptions(minute)),
            new AuthFailureBurstDetector(new AuthFailureBurstOptions(TimeSpan.FromMinutes(5))),
        ];
        var end = templated.Max(item => item.Event.Timestamp) + minute;
        foreach (var detector in detectors)
        {
            findings.AddRange(templated.SelectMany(detector.Observe));
            findings.AddRange(detector.AdvanceTo(end));
        }

        return findings;
    }
}
