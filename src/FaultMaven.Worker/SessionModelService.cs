using Microsoft.Extensions.Options;

namespace FaultMaven.Worker;

/// <summary>
/// Retrains the session models on the stream's stored history every <see cref="SessionModelTrainingOptions.RetrainEvery"/>
/// and reports the anomalous sessions as findings; off while no session id pattern is configured.
/// </summary>
public sealed class SessionModelService(
    SessionModelTrainer trainer,
    IOptions<SessionModelTrainingOptions> options,
    ILogger<SessionModelService> logger) : BackgroundService
{
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
            try
            {
                var trainings = await trainer.RetrainAsync(stoppingToken);
                foreach (var training in trainings)
                {
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
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
