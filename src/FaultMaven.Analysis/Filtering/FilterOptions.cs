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
    public FilterRule Default { get; init; } = new();

    /// <summary>Exact repeats of an event within this window collapse into it with a count (<see cref="RepeatCollapser"/>); zero turns collapsing off.</summary>
    public TimeSpan RepeatWindow { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyDictionary<string, FilterRule> BySource { get; init; } = new Dictionary<string, FilterRule>();

    public FilterRule RuleFor(string source) => BySource.TryGetValue(source, out var rule) ? rule : Default;
}
