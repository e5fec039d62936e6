namespace FaultMaven.Worker.Sinks;

/// <summary>Configuration section <c>FaultMaven:Sinks</c>: how the sinks batch their writes, retry and report a stall.</summary>
public sealed class SinkOptions
{
    public const string Section = "FaultMaven:Sinks";

    /// <summary>The most Kafka records one write carries.</summary>
    public int MaxBatchSize { get; set; } = 2000;

    /// <summary>
    /// The most record bytes one write carries: a record of <c>logs.normalized</c> holds a batch of hundreds of events,
    /// so bytes, not records, bound a write's size (4 MiB is about 20,000 short log lines per COPY).
    /// </summary>
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Batches a sink whose writes commute (the logs sink) writes at the same time: with 2, the next batch is read, decoded
    /// and sealed in the worker while PostgreSQL stores the one before, instead of each side waiting for the other.
    /// Offsets are still committed in order. 1 writes one batch at a time.
    /// </summary>
    public int WritesInFlight { get; set; } = 2;

    /// <summary>First back-off after a transient write failure (connection lost, timeout); it doubles, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest back-off between two attempts; transient failures are retried until the write is durable.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A sink that has records to store but has committed nothing for this long is reported stalled (metric and <c>/readyz</c>).</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<string> Validate()
    {
        if (MaxBatchSize is < 1 or > 50_000)
        {
            yield return $"{Section}:MaxBatchSize must be between 1 and 50000 (was {MaxBatchSize})";
        }

        if (MaxBatchBytes is < 1024 or > 256 * 1024 * 1024)
        {
            yield return $"{Section}:MaxBatchBytes must be between 1024 and 268435456 (was {MaxBatchBytes})";
        }

        if (MaxBatchDelay <= TimeSpan.Zero || MaxBatchDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:MaxBatchDelay must be between 0 and 1 minute (was {MaxBatchDelay})";
        }

        if (WritesInFlight is < 1 or > 8)
        {
            yield return $"{Section}:WritesInFlight must be between 1 and 8 (was {WritesInFlight})";
        }

        if (RetryDelay <= TimeSpan.Zero || RetryDelay > MaxRetryDelay)
        {
            yield return $"{Section}:RetryDelay must be above 0 and at most MaxRetryDelay (was {RetryDelay})";
        }

        // The consumer is kept in its group while it waits, so this bound is about how soon a recovered database is noticed.
        if (MaxRetryDelay <= TimeSpan.Zero || MaxRetryDelay > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:MaxRetryDelay must be between 0 and 5 minutes (was {MaxRetryDelay})";
        }

        if (StallAfter < TimeSpan.FromSeconds(1) || StallAfter <= MaxBatchDelay)
        {
            yield return $"{Section}:StallAfter must be at least 1 second and longer than MaxBatchDelay (was {StallAfter})";
        }
    }
}
