using Npgsql;

namespace FaultMaven.Storage;

/// <summary>Which Kafka cluster the pipeline last read from (one row, table <c>kafka_cluster</c>).</summary>
public sealed class KafkaClusterRepository(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>The cluster id recorded last; null before the first worker recorded one.</summary>
    public async Task<string?> LastSeenAsync(CancellationToken cancellationToken = default) =>
        (await dataSource.QueryAsync<string>("SELECT cluster_id FROM kafka_cluster", new { }, cancellationToken)).SingleOrDefault();

    /// <summary>Records <paramref name="clusterId"/> as the cluster the pipeline reads from.</summary>
    public async Task RecordAsync(string clusterId, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(
            """
            INSERT INTO kafka_cluster (cluster_id, seen_at) VALUES (@clusterId, @seenAt)
            ON CONFLICT (singleton) DO UPDATE SET cluster_id = EXCLUDED.cluster_id, seen_at = EXCLUDED.seen_at
            """,
            new { clusterId, seenAt = clock.GetUtcNow().UtcDateTime },
            cancellationToken);
}
