using FaultMaven.Retrieval;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// Keeps this process's incident index in step with PostgreSQL, where the worker embeds incidents as they open and change:
/// the embedded index belongs to one process, so the API rebuilds its copy when the stored embeddings moved on.
/// </summary>
public sealed class ContextIndexRefresh(IncidentRetrieval retrieval, ILogger<ContextIndexRefresh> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await retrieval.SynchronizeAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not synchronize the incident index with PostgreSQL; retrying in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
