namespace FaultMaven.DevBroker;

/// <summary>Settings of the dev broker, bound from the <c>FaultMaven:DevBroker</c> configuration section.</summary>
public sealed record DevBrokerOptions
{
    public const string Section = "FaultMaven:DevBroker";

    /// <summary>Port clients connect to on 127.0.0.1; 0 picks any free port.</summary>
    public int Port { get; init; } = 19092;

    /// <summary>Partitions of every pipeline topic.</summary>
    public int Partitions { get; init; } = 8;

    public int BrokerCount { get; init; } = 1;

    /// <summary>Where the exe writes the bootstrap address once every topic exists; none when empty.</summary>
    public string? BootstrapFile { get; init; }

    /// <summary>
    /// Where the broker counts its starts; none when empty. Each start's partitions get a leader epoch one above the last
    /// start's, so clients of a broker that restarted (and lost every record) notice that their positions belong to a
    /// log that is gone and read the new one from its start, instead of skipping its first records.
    /// </summary>
    public string? EpochFile { get; init; }

    /// <summary>One message per invalid setting, each naming its configuration key.</summary>
    public IEnumerable<string> Validate()
    {
        if (Port is < 0 or > ushort.MaxValue)
        {
            yield return $"{Section}:{nameof(Port)} must be 0 (any free port) or 1-{ushort.MaxValue}; got {Port}.";
        }

        if (Partitions < 1)
        {
            yield return $"{Section}:{nameof(Partitions)} must be at least 1; got {Partitions}.";
        }

        if (BrokerCount < 1 || (Port is > 0 and <= ushort.MaxValue && Port + BrokerCount - 1 > ushort.MaxValue))
        {
            yield return $"{Section}:{nameof(BrokerCount)} must be at least 1, with Port + BrokerCount - 1 <= {ushort.MaxValue}; got {BrokerCount}.";
        }
    }

    public void ThrowIfInvalid()
    {
        var errors = Validate().ToList();
        if (errors.Count > 0)
        {
            throw new InvalidDevBrokerOptionsException(errors);
        }
    }
}
