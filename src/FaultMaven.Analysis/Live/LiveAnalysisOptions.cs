using FaultMaven.Analysis.Anomaly.Streaming;

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
    }
}
