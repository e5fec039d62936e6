using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Filtering;

/// <summary>Which events of a source to keep.</summary>
public sealed record FilterRule
{
    /// <summary>Events below this level are dropped; events whose level is unknown are kept.</summary>
    public Severity MinimumLevel { get; init; } = Severity.Unknown;

    /// <summary>When not empty, only messages matching one of these regexes are kept.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Messages matching any of these regexes are dropped.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Drop successful health-check and probe requests (<c>GET /healthz</c> 200, kube-probe, load-balancer checks).</summary>
    public bool DropHealthChecks { get; init; } = true;

    /// <summary>Fraction of TRACE and DEBUG events kept, chosen by a hash of the event's raw offset so replays choose the same ones.</summary>
    public double DebugSampleRate { get; init; } = 1.0;
}

/// <summary>Configuration section <c>FaultMaven:Filtering</c>: filter rules per source, with a default for the others, and the repeat window.</summary>
public sealed record FilterOptions
{
    public const string Section = "FaultMaven:Filtering";

    public FilterRule Default { get; init; } = new();

    /// <summary>Exact repeats of an event within this window collapse into it with a count (<see cref="RepeatCollapser"/>); zero turns collapsing off.</summary>
    public TimeSpan RepeatWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A held event is also released once its source has sent nothing for this long (wall clock), so the last line of a
    /// push is stored seconds after it rather than a whole <see cref="RepeatWindow"/> later. Bursts (the repeats worth
    /// collapsing) arrive far faster; repeats slower than this are stored one by one. At most the window. Keep it longer
    /// than the normalizer's multi-line idle timeout (2 s) plus its 1 s flush interval: the normalizer holds a source's
    /// last line that long, and a shorter quiet time would release a burst just before its last repeat arrives.
    /// </summary>
    public TimeSpan RepeatQuietAfter { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyDictionary<string, FilterRule> BySource { get; init; } = new Dictionary<string, FilterRule>();

    public FilterRule RuleFor(string source) => BySource.TryGetValue(source, out var rule) ? rule : Default;

    /// <summary>The repeat collapser these options configure.</summary>
    public RepeatCollapser CreateRepeatCollapser() => new(RepeatWindow, RepeatQuietAfter);

    /// <summary>One message per invalid value, naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (RepeatWindow < TimeSpan.Zero)
        {
            yield return $"{section}:RepeatWindow must not be negative (was {RepeatWindow})";
        }

        if (RepeatQuietAfter <= TimeSpan.Zero)
        {
            yield return $"{section}:RepeatQuietAfter must be positive (was {RepeatQuietAfter})";
        }
    }
}
