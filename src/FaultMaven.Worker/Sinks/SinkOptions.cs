namespace FaultMaven.Worker.Sinks;

/// <summary>Configuration section <c>FaultMaven:Sinks</c>: how the sinks batch their writes.</summary>
public sealed class SinkOptions
{
    public const string Section = "FaultMaven:Sinks";

    public int MaxBatchSize { get; set; } = 2000;

    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public IEnumerable<string> Validate()
    {
        if (MaxBatchSize is < 1 or > 50_000)
        {
            yield return $"{Section}:MaxBatchSize must be between 1 and 50000 (was {MaxBatchSize})";
        }

        if (MaxBatchDelay <= TimeSpan.Zero || MaxBatchDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:MaxBatchDelay must be between 0 and 1 minute (was {MaxBatchDelay})";
        }
    }
}
