using FaultMaven.Contracts;

namespace FaultMaven.Integrations.Alertmanager;

/// <summary><c>FaultMaven:Integrations:Alertmanager</c>: how alerts from the webhook map onto sources and which logs are analyzed.</summary>
public sealed class AlertmanagerOptions
{
    /// <summary>Used when <see cref="ServiceLabels"/> is not configured.</summary>
    public static readonly IReadOnlyList<string> DefaultServiceLabels = ["service", "app", "job"];

    /// <summary>
    /// The alert labels that name the FaultMaven source, tried in order; the first present wins. Empty means
    /// <see cref="DefaultServiceLabels"/> (configuration binding adds to a list rather than replacing it, so the
    /// default is not the property's initial value).
    /// </summary>
    public List<string> ServiceLabels { get; set; } = [];

    /// <summary>The source of an alert that has none of <see cref="ServiceLabels"/>.</summary>
    public string DefaultSource { get; set; } = "alertmanager";

    /// <summary>How far before an alert's start the logs of its source are analyzed.</summary>
    public TimeSpan LogLookback { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The most stored log events one analysis reads (the newest of the window when there are more).</summary>
    public int MaxLogEvents { get; set; } = 50_000;

    public IReadOnlyList<string> EffectiveServiceLabels => ServiceLabels.Count == 0 ? DefaultServiceLabels : ServiceLabels;

    public IEnumerable<string> Validate(string section)
    {
        if (ServiceLabels.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{section}:ServiceLabels must not contain an empty label name";
        }

        if (string.IsNullOrWhiteSpace(DefaultSource))
        {
            yield return $"{section}:DefaultSource must name a source, e.g. alertmanager";
        }
        else if (SourceNames.Problem(DefaultSource) is { } problem)
        {
            yield return $"{section}:DefaultSource {problem}";
        }

        if (LogLookback < TimeSpan.Zero || LogLookback > TimeSpan.FromDays(1))
        {
            yield return $"{section}:LogLookback must be between 00:00:00 and 1.00:00:00 (was {LogLookback})";
        }

        if (MaxLogEvents is < 1 or > 1_000_000)
        {
            yield return $"{section}:MaxLogEvents must be between 1 and 1000000 (was {MaxLogEvents})";
        }
    }
}
