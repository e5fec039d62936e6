using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Templates;

namespace FaultMaven.Analysis.Live;

/// <summary>Configuration section <c>FaultMaven:Detection:Live</c>: the streaming detectors the worker runs on every source.</summary>
public sealed record LiveAnalysisOptions
{
    public TimeSpan NewTemplateWarmUp { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan SilenceWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Window of <see cref="AuthFailureBurstDetector"/>: failed logins from one client address counted per window.</summary>
    public TimeSpan AuthFailureWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Templates each source's miner keeps (<see cref="TemplateMinerOptions.MaxTemplates"/>): beyond it the least
    /// recently matched is retired, its id never issued again, and a line like it makes a new template.
    /// </summary>
    public int MaxTemplatesPerSource { get; init; } = 5_000;

    /// <summary>
    /// Largest state of one source's miner, in bytes of its stored JSON: one record of the template miner store's
    /// changelog, which must fit a Kafka record (the producer's <c>message.max.bytes</c>, 1,000,000 by default, with the
    /// source name as its key). A state that grows past it retires its least recently matched templates until it takes
    /// three quarters of it. At most <see cref="MaxMinerStateBytesLimit"/>.
    /// </summary>
    public int MaxMinerStateBytes { get; init; } = 256 * 1024;

    /// <summary>The largest <see cref="MaxMinerStateBytes"/> accepted: 900 KiB, which leaves a Kafka record of 1,000,000 bytes about 78 KB for the key.</summary>
    public const int MaxMinerStateBytesLimit = 900 * 1024;

    /// <summary>The smallest <see cref="MaxMinerStateBytes"/> accepted: a few dozen ordinary templates.</summary>
    public const int MinMinerStateBytes = 4 * 1024;

    /// <summary>The miner of each source, bounded by <see cref="MaxTemplatesPerSource"/>.</summary>
    public TemplateMinerOptions Miner => new() { MaxTemplates = MaxTemplatesPerSource };

    public IReadOnlyList<IStreamingDetector> CreateDetectors() =>
    [
        new NewTemplateDetector(new NewTemplateOptions(NewTemplateWarmUp)),
        new RareTemplateBurstDetector(new RareTemplateBurstOptions(BurstWindow)),
        new RateChangeDetector(new RateChangeOptions(RateWindow)),
        new SilenceDetector(new SilenceOptions(SilenceWindow)),
        new AuthFailureBurstDetector(new AuthFailureBurstOptions(AuthFailureWindow)),
    ];

    public IEnumerable<string> Validate(string section)
    {
        foreach (var (name, value) in new[] { (nameof(NewTemplateWarmUp), NewTemplateWarmUp), (nameof(BurstWindow), BurstWindow), (nameof(RateWindow), RateWindow), (nameof(SilenceWindow), SilenceWindow), (nameof(AuthFailureWindow), AuthFailureWindow) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{section}:{name} must be positive (was {value})";
            }
        }

        if (MaxTemplatesPerSource < 1)
        {
            yield return $"{section}:{nameof(MaxTemplatesPerSource)} must be at least 1 (was {MaxTemplatesPerSource})";
        }

        if (MaxMinerStateBytes is < MinMinerStateBytes or > MaxMinerStateBytesLimit)
        {
            yield return $"{section}:{nameof(MaxMinerStateBytes)} must be between {MinMinerStateBytes} and {MaxMinerStateBytesLimit} (was {MaxMinerStateBytes})";
        }
    }
}
