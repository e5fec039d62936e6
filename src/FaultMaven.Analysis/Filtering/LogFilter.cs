using System.Globalization;
using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Filtering;

/// <summary>Why an event was dropped, or null when it is kept; the pipeline counts drops per reason, so none is silent.</summary>
public readonly record struct FilterDecision(string? DropReason)
{
    public static FilterDecision Keep => default;

    public bool Kept => DropReason is null;
}

/// <summary>Applies <see cref="FilterOptions"/> to normalized events.</summary>
public sealed partial class LogFilter
{
    public const string BelowMinimumLevel = "below-minimum-level";
    public const string NotIncluded = "not-included";
    public const string Excluded = "excluded";
    public const string HealthCheck = "health-check";
    public const string DebugSampledOut = "debug-sampled-out";

    private const int SampleBuckets = 10_000;
    private static readonly string[] PathKeys = ["http.path", "path", "url.path", "request_path", "RequestPath", "http.target", "url"];
    private static readonly string[] StatusKeys = ["http.status", "status", "status_code", "http.status_code", "http.response.status_code", "StatusCode"];
    private static readonly string[] UserAgentKeys = ["http.user_agent", "user_agent", "user_agent.original", "http.user_agent.original"];
    private static readonly string[] ProbeAgents = ["kube-probe/", "ELB-HealthChecker/", "GoogleHC/", "Consul Health Check", "Prometheus/", "Blackbox Exporter/"];

    private readonly FilterOptions options;
    private readonly Dictionary<FilterRule, (Regex[] Include, Regex[] Exclude)> patterns;

    public LogFilter(FilterOptions options)
    {
        this.options = options;
        patterns = options.BySource.Values.Append(options.Default).Distinct().ToDictionary(rule => rule, rule => (Compile(rule.Include), Compile(rule.Exclude)));
    }

    public FilterDecision Evaluate(LogEvent logEvent)
    {
        var rule = options.RuleFor(logEvent.Source);
        var (include, exclude) = patterns[rule];
        return logEvent switch
        {
            _ when logEvent.Level != Severity.Unknown && logEvent.Level < rule.MinimumLevel => new(BelowMinimumLevel),
            _ when include.Length > 0 && !AnyMatches(include, logEvent.Message) => new(NotIncluded),
            _ when AnyMatches(exclude, logEvent.Message) => new(Excluded),
            _ when rule.DropHealthChecks && IsSuccessfulHealthCheck(logEvent) => new(HealthCheck),
            _ when logEvent.Level is Severity.Debug or Severity.Trace && !IsSampledIn(logEvent, rule.DebugSampleRate) => new(DebugSampledOut),
            _ => FilterDecision.Keep,
        };
    }

    // Once per line: a lambda over the event would allocate its closure on every call, even with no patterns.
    private static bool AnyMatches(Regex[] expressions, string message)
    {
        foreach (var pattern in expressions)
        {
            if (pattern.IsMatch(message))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSuccessfulHealthCheck(LogEvent logEvent)
    {
        if (First(logEvent, StatusKeys) is not { } statusText || !int.TryParse(statusText, CultureInfo.InvariantCulture, out var status) || status >= 400)
        {
            return false;
        }

        var fromProbe = First(logEvent, UserAgentKeys) is { } agent && Array.Exists(ProbeAgents, probe => agent.StartsWith(probe, StringComparison.OrdinalIgnoreCase));
        return fromProbe || (First(logEvent, PathKeys) is { } path && HealthPath().IsMatch(path));
    }

    private static string? First(LogEvent logEvent, string[] keys)
    {
        foreach (var key in keys)
        {
            if (logEvent.Attributes.TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsSampledIn(LogEvent logEvent, double rate) =>
        rate >= 1 || StableHash($"{logEvent.Source}|{logEvent.Raw}") % SampleBuckets < rate * SampleBuckets;

    // FNV-1a: string.GetHashCode differs between processes, and sampling must not change on replay.
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static Regex[] Compile(IReadOnlyList<string> expressions) =>
        [.. expressions.Select(expression => new Regex(expression, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant))];

    [GeneratedRegex(@"^(?:https?://[^/]+)?/(?:[\w.-]+/)*(?:healthz?|readyz?|livez?|ping|-/healthy|-/ready|actuator/health(?:/\w+)?)/?(?:\?.*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HealthPath();
}
