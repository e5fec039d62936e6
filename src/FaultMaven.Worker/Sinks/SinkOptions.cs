namespace FaultMaven.Worker.Sinks;

/// <summary>Configuration section <c>FaultMaven:Sinks</c>: how the sinks batch their writes.</summary>
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
    }
}
