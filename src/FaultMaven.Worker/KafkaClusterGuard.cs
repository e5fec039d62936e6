using Confluent.Kafka;
using FaultMaven.Pipeline;
using FaultMaven.Storage;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker;

/// <summary>
/// Keeps the pipeline's positions from outliving the Kafka log they point into. A broker that lost its data (the dev
/// broker on every restart) or a worker pointed at another cluster starts offsets again at 0, but a running consumer
/// keeps its old position and commits it into the new cluster, so the new log's first records would be skipped.
/// At start, when the cluster differs from the one recorded in PostgreSQL, every pipeline consumer group is rewound to
/// the start of its topic (the raw record fingerprint keeps the re-read from storing anything twice); while running,
/// a changed cluster stops the worker with <see cref="ClusterChangedExitCode"/> so its supervisor restarts it into
/// that rewind. Registered before the pipeline, whose start waits for it.
/// </summary>
public sealed class KafkaClusterGuard(
    IOptions<KafkaOptions> kafka,
    KafkaClusterRepository clusters,
    IHostApplicationLifetime lifetime,
    ILogger<KafkaClusterGuard> logger) : IHostedService, IDisposable
{
    /// <summary>The worker's exit code when the cluster changed under it (EX_TEMPFAIL of sysexits.h: restart and it works).</summary>
    public const int ClusterChangedExitCode = 75;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource stopping = new();
    private IAdminClient? admin;
    private Task? watching;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        admin = new AdminClientBuilder(KafkaClients.Admin(kafka.Value)).Build();
        var current = await KafkaCluster.IdAsync(admin, RequestTimeout);
        var recorded = await clusters.LastSeenAsync(cancellationToken);
        if (recorded is not null && recorded != current)
        {
            logger.LogWarning(
                "The Kafka cluster is {Current}, not {Recorded} as when the pipeline last ran: its logs start anew, so every consumer group is rewound to the start of its topic",
                current, recorded);
            foreach (var (group, topic) in ConsumerGroups.All(kafka.Value))
            {
                await Task.Run(() => KafkaCluster.RewindToStart(admin, kafka.Value, group, topic, RequestTimeout), cancellationToken);
            }
        }

        await clusters.RecordAsync(current, cancellationToken);
        watching = WatchAsync(current, stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (watching is not null)
        {
            // A cluster request in progress cannot be cancelled and ends only at its own timeout (30 s with the broker
            // gone): the host's shutdown stops waiting for it at its deadline instead of failing the whole stop.
            await watching.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        admin?.Dispose();
        stopping.Dispose();
    }

    private async Task WatchAsync(string started, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                string now;
                try
                {
                    now = await KafkaCluster.IdAsync(admin!, RequestTimeout);
                }
                catch (KafkaException)
                {
                    continue; // the broker is away; whoever answers next is checked then
                }

                if (now != started)
                {
                    logger.LogCritical(
                        "The Kafka cluster changed from {Started} to {Now} (a broker that lost its data, or another cluster): stopping with exit code {ExitCode} so that the restarted worker reads the new logs from their start",
                        started, now, ClusterChangedExitCode);
                    Environment.ExitCode = ClusterChangedExitCode;
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
