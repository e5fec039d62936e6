using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;

namespace FaultMaven.Integrations.Alertmanager;

/// <summary>
/// How an alert becomes FaultMaven data, with no I/O: the source it is about, the finding that stands for it in an
/// incident, the resolution text and the log window to analyze. Takes alerts that passed <see cref="AlertmanagerWebhook.Validate"/>.
/// </summary>
public static class AlertMapping
{
    public const string AlertNameLabel = "alertname";
    public const string SeverityLabel = "severity";

    /// <summary>
    /// The first of the configured service labels the alert carries, else the configured default source; a label longer
    /// than a source name may be is shortened (<see cref="SourceNames.Shorten"/>), not refused, since Alertmanager
    /// drops a notification answered with a 4xx: the alert is filed under the shortened name, the same one each time.
    /// </summary>
    public static string SourceOf(AlertmanagerAlert alert, AlertmanagerOptions options) =>
        SourceNames.Shorten(
            options.EffectiveServiceLabels
                .Select(label => alert.Labels!.GetValueOrDefault(label))
                .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value))?.Trim()
            ?? options.DefaultSource);

    /// <summary>
    /// Alertmanager's fingerprint when sent (shortened like a source when over <see cref="SourceNames.MaxLength"/>: it
    /// keys the stored alert); otherwise one derived from the sorted label set, as Alertmanager derives its own.
    /// </summary>
    public static string FingerprintOf(AlertmanagerAlert alert)
    {
        if (!string.IsNullOrWhiteSpace(alert.Fingerprint))
        {
            return SourceNames.Shorten(alert.Fingerprint);
        }

        var labels = string.Join('\n', alert.Labels!.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(labels)), 0, 8);
    }

    public static string? NameOf(AlertmanagerAlert alert) => alert.Labels!.GetValueOrDefault(AlertNameLabel);

    /// <summary>
    /// The finding of kind <see cref="FindingKinds.Alert"/> that files the alert in an incident: titled by its name and
    /// summary, with its summary, description and generator URL as examples. Its id is stable for the alert (fingerprint
    /// and start), so repeated notifications land on one finding.
    /// </summary>
    public static Finding ToFinding(AlertmanagerAlert alert, string source)
    {
        var startsAt = alert.StartsAt!.Value.ToUniversalTime();
        var name = NameOf(alert) ?? "alert";
        var annotations = alert.Annotations ?? new Dictionary<string, string>();
        var summary = annotations.GetValueOrDefault("summary") ?? annotations.GetValueOrDefault("title");
        string?[] examples = [summary, annotations.GetValueOrDefault("description") ?? annotations.GetValueOrDefault("message"), alert.GeneratorUrl];
        return new Finding(
            Id: FindingId(FingerprintOf(alert), startsAt),
            Kind: FindingKinds.Alert,
            Severity: SeverityOf(alert.Labels!),
            Source: source,
            Service: alert.Labels!.GetValueOrDefault("service") is { } service ? SourceNames.Shorten(service) : source,
            WindowStart: startsAt,
            WindowEnd: startsAt,
            Title: Titles.Shorten(summary is null ? $"Alert {name}" : $"Alert {name}: {Titles.Of(summary)}"),
            Count: 1,
            Baseline: null,
            Score: 1,
            ModelVersion: null,
            Templates: [],
            Examples: [.. examples.Where(e => !string.IsNullOrWhiteSpace(e)).Distinct().Cast<string>()],
            Evidence: []);
    }

    /// <summary>The <c>severity</c> label in FaultMaven's scale; an alert without one (or with an unknown one) is an error.</summary>
    public static Severity SeverityOf(IReadOnlyDictionary<string, string> labels) =>
        labels.GetValueOrDefault(SeverityLabel)?.Trim().ToLowerInvariant() switch
        {
            "critical" or "page" or "fatal" or "emergency" => Severity.Fatal,
            "warning" or "warn" or "minor" => Severity.Warn,
            "info" or "informational" or "low" or "none" => Severity.Info,
            _ => Severity.Error,
        };

    /// <summary>What resolved the incident, in the words its page shows.</summary>
    public static string ResolutionOf(AlertmanagerAlert alert) =>
        string.Create(CultureInfo.InvariantCulture, $"Alertmanager: alert {NameOf(alert) ?? FingerprintOf(alert)} resolved at {alert.EndsAt!.Value.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z");

    /// <summary>
    /// The window whose logs explain the alert: from <paramref name="lookback"/> before it started to when it ended, or
    /// to <paramref name="now"/> while it fires.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) WindowOf(AlertmanagerAlert alert, TimeSpan lookback, DateTimeOffset now)
    {
        var from = alert.StartsAt!.Value.ToUniversalTime() - lookback;
        var to = alert.IsResolved ? alert.EndsAt!.Value.ToUniversalTime() : now.ToUniversalTime();
        return (from, to < from ? from : to);
    }

    private static string FindingId(string fingerprint, DateTimeOffset startsAt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{FindingKinds.Alert}\n{fingerprint}\n{startsAt.ToUnixTimeMilliseconds()}")), 0, 12);
}
