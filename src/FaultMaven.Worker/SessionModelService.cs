using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker;

/// <summary>
/// Retrains the session models on the stream's stored history every <see cref="SessionModelTrainingOptions.RetrainEvery"/>
/// and reports the anomalous sessions as findings; off while no session id pattern is configured. Publishes (prometheus-net
/// names) <c>faultmaven_sessionmodels_retrain_duration_seconds</c>, a histogram of whole retraining runs, failed ones
/// included, and <c>faultmaven_sessionmodels_model_info</c>, 1 for each source's model in use, labelled <c>source</c>
/// and <c>version</c>.
/// </summary>
public sealed class SessionModelService : BackgroundService
{
    public const string MeterName = "FaultMaven.SessionModels";

    private readonly SessionModelTrainer trainer;
    private readonly IOptions<SessionModelTrainingOptions> options;
    private readonly ILogger<SessionModelService> logger;
    private readonly Histogram<double> retrainDuration;
    private readonly ConcurrentDictionary<string, string> versions = new(StringComparer.Ordinal);

    public SessionModelService(SessionModelTrainer trainer, IOptions<SessionModelTrainingOptions> options, ILogger<SessionModelService> logger, IMeterFactory meters)
    {
        this.trainer = trainer;
        this.options = options;
        this.logger = logger;
        var meter = meters.Create(MeterName);
        retrainDuration = meter.CreateHistogram<double>("retrain_duration_seconds", unit: "s", description: "Seconds one retraining of the session models took (reading the history, training, storing).");
        meter.CreateObservableGauge(
            "model_info",
            () => versions.Select(model => new Measurement<int>(1, new("source", model.Key), new("version", model.Value))),
            description: "1 for the session model version each source is judged with.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.IsEnabled)
        {
            logger.LogInformation("Session anomaly detection is off: {Section}:Pattern is empty", SessionModelTrainingOptions.Section);
            return;
        }

        using var timer = new PeriodicTimer(settings.RetrainEvery);
        do
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var trainings = await trainer.RetrainAsync(stoppingToken);
                foreach (var training in trainings)
                {
                    versions[training.Trained.Source] = training.Trained.Model.Version;
                    logger.LogInformation(
                        "Session model {Version} trained for {Source} on {Sessions} sessions and {Templates} templates: {Anomalies} anomalous sessions",
                        training.Trained.Model.Version, training.Trained.Source, training.Trained.SessionCount, training.Trained.TemplateCount, training.Findings.Count);
                }

                if (trainings.Count == 0)
                {
                    logger.LogInformation(
                        "No source has {MinSessions} sessions in the newest {HistoryLines} events; no session model trained", settings.MinSessions, settings.HistoryLines);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not retrain the session models; retrying in {Interval}", settings.RetrainEvery);
            }
            finally
            {
                retrainDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
