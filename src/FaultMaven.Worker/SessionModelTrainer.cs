using System.Text.RegularExpressions;
using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Sessions;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker;

/// <summary>One source's retrained session model and the findings for the sessions it judges anomalous.</summary>
public sealed record SessionModelTraining(StoredSessionModel Trained, IReadOnlyList<Finding> Findings);

/// <summary>
/// Trains a session model per source on the newest stored events, without labels, and reports the sessions it finds anomalous.
/// Per source, because template ids are numbered within their source.
/// </summary>
public sealed class SessionModelTrainer(
    LogRepository logs,
    SessionModelRepository models,
    FindingFiler filer,
    IOptions<SessionModelTrainingOptions> options,
    TimeProvider timeProvider)
{
    public const string Kind = FindingKinds.SessionAnomaly;
    private const int MaxExamples = 3;
    private const int MaxTemplates = 10;

    /// <summary>Reads the history, trains, stores each model version and its findings, and attaches the findings to incidents.</summary>
    public async Task<IReadOnlyList<SessionModelTraining>> RetrainAsync(CancellationToken cancellationToken)
    {
        var history = await logs.RecentTemplatedAsync(options.Value.HistoryLines, cancellationToken);
        var trainings = Train(history, options.Value.SessionIdPattern(), options.Value.MinSessions, timeProvider.GetUtcNow());
        foreach (var training in trainings)
        {
            await models.SaveAsync(training.Trained, cancellationToken);
            await filer.FileAsync(training.Findings, cancellationToken);
        }

        return trainings;
    }

    /// <summary>A model and findings for each source whose templated events form at least <paramref name="minSessions"/> sessions.</summary>
    public static IReadOnlyList<SessionModelTraining> Train(IReadOnlyList<LogEvent> history, Regex sessionIdPattern, int minSessions, DateTimeOffset trainedAt) =>
    [
        .. history
            .Where(logEvent => logEvent.TemplateId is not null)
            .GroupBy(logEvent => logEvent.Source, StringComparer.Ordinal)
            .Select(source => TrainSource(source.Key, [.. source.Select(ToTemplated)], sessionIdPattern, minSessions, trainedAt))
            .OfType<SessionModelTraining>(),
    ];

    private static SessionModelTraining? TrainSource(
        string source, IReadOnlyList<TemplatedEvent> events, Regex sessionIdPattern, int minSessions, DateTimeOffset trainedAt)
    {
        var grouper = new SessionGrouper(sessionIdPattern);
        foreach (var templated in events)
        {
            grouper.Add(templated);
        }

        if (grouper.SessionCount < minSessions)
        {
            return null;
        }

        var sessions = grouper.Build();
        var model = SessionAnomalyModel.Train(sessions);
        var eventAt = events.ToDictionary(templated => templated.Event.Raw);
        Finding[] anomalies =
        [
            .. sessions
                .Select(session => (session, score: model.Score(session)))
                .Where(scored => scored.score.IsAnomalous)
                .Select(scored => ToFinding(source, model, scored.session, scored.score, [.. scored.session.Evidence.Select(raw => eventAt[raw])])),
        ];
        var templateCount = events.Select(templated => templated.TemplateId).Distinct().Count();
        return new SessionModelTraining(new StoredSessionModel(source, model, trainedAt, sessions.Count, templateCount), anomalies);
    }

    private static Finding ToFinding(
        string source, SessionAnomalyModel model, TemplateCounts session, SessionScore score, IReadOnlyList<TemplatedEvent> events)
    {
        // The unusual events first, so examples and templates show what made the session stand out.
        var rare = score.RareTemplates.ToHashSet();
        var unusualFirst = events.OrderByDescending(templated => rare.Contains(templated.TemplateId)).ToList();
        return new Finding(
            FindingId.For(Kind, source, $"{model.Version}\n{session.Key}", session.Start),
            Kind,
            Severity.Warn,
            source,
            events[0].Event.Service,
            session.Start,
            session.End,
            $"Unusual session {session.Key} in {source}: {Reasons(score)}",
            events.Count,
            Baseline: null,
            score.Score,
            model.Version,
            [.. unusualFirst.Select(templated => templated.Template).Distinct(StringComparer.Ordinal).Take(MaxTemplates)],
            [.. unusualFirst.Take(MaxExamples).Select(templated => templated.Event.Message)],
            session.Evidence);
    }

    private static string Reasons(SessionScore score)
    {
        List<string> reasons = [];
        if (score.RareTemplates.Count > 0)
        {
            reasons.Add($"{score.RareTemplates.Count} rare template(s)");
        }

        if (score.BrokenInvariants.Count > 0)
        {
            reasons.Add($"{score.BrokenInvariants.Count} broken invariant(s)");
        }

        if (score.ResidualRatio > 1)
        {
            reasons.Add($"template counts {score.ResidualRatio:0.0}× past the normal residual");
        }

        return string.Join(", ", reasons);
    }

    private static TemplatedEvent ToTemplated(LogEvent logEvent) =>
        new(logEvent, logEvent.TemplateId!.Value, logEvent.Template ?? string.Empty);
}
