using FaultMaven.Retrieval;

namespace FaultMaven.Worker;

/// <summary>
/// Embeds incidents for retrieval when they open or are resolved, and again as they gain findings (at most once per
/// <see cref="IncidentIndexer.RefreshInterval"/>): a few seconds behind the findings sink,
/// which groups findings into incidents. Synchronizes the incident index with PostgreSQL once at start.
/// </summary>
public sealed class IncidentIndexingService(IncidentRetrieval retrieval, IncidentIndexer indexer, ILogger<IncidentIndexingService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    // Bounds one pass, so that a backlog (a first start over many incidents) is worked off while other work runs.
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var synchronization = await retrieval.SynchronizeAsync(stoppingToken);
        logger.LogInformation("Incident index synchronized: {Reembedded} re-embedded, rebuilt: {Rebuilt}", synchronization.Reembedded, synchronization.Rebuilt);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var indexed = await indexer.IndexChangedAsync(BatchSize, stoppingToken);
                if (indexed > 0)
                {
                    logger.LogInformation("Embedded {Count} new or changed incidents", indexed);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not embed changed incidents; retrying in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
