using System.Text.Json.Serialization;

namespace FaultMaven.Integrations.Alertmanager;

/// <summary>
/// Alertmanager's webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config):
/// one notification of an alert group. Every field is nullable so that what is missing is reported by
/// <see cref="Validate"/> with its name rather than by the JSON reader.
/// </summary>
public sealed record AlertmanagerWebhook(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("groupKey")] string? GroupKey,
    [property: JsonPropertyName("truncatedAlerts")] int TruncatedAlerts,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("receiver")] string? Receiver,
    [property: JsonPropertyName("groupLabels")] IReadOnlyDictionary<string, string>? GroupLabels,
    [property: JsonPropertyName("commonLabels")] IReadOnlyDictionary<string, string>? CommonLabels,
    [property: JsonPropertyName("commonAnnotations")] IReadOnlyDictionary<string, string>? CommonAnnotations,
    [property: JsonPropertyName("externalURL")] string? ExternalUrl,
    [property: JsonPropertyName("alerts")] IReadOnlyList<AlertmanagerAlert?>? Alerts)
{
    public const string SupportedVersion = "4";

    /// <summary>What is wrong with the payload, by field (<c>alerts[2].startsAt</c>); empty when it can be taken.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Version != SupportedVersion)
        {
            errors["version"] = [$"webhook payload version {SupportedVersion} is read here (Alertmanager 0.16 and later); got '{Version}'"];
        }

        if (Alerts is null || Alerts.Count == 0)
        {
            errors["alerts"] = ["at least one alert is required"];
            return errors;
        }

        for (var i = 0; i < Alerts.Count; i++)
        {
            foreach (var (field, message) in Alerts[i]?.Problems() ?? [(string.Empty, "must be an alert object, not null")])
            {
                errors[$"alerts[{i}]{(field.Length == 0 ? "" : "." + field)}"] = [message];
            }
        }

        return errors;
    }
}

/// <summary>One alert of a webhook notification; <see cref="EndsAt"/> is Go's zero time or in the future while it fires.</summary>
public sealed record AlertmanagerAlert(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string>? Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string>? Annotations,
    [property: JsonPropertyName("startsAt")] DateTimeOffset? StartsAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset? EndsAt,
    [property: JsonPropertyName("generatorURL")] string? GeneratorUrl,
    [property: JsonPropertyName("fingerprint")] string? Fingerprint)
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";

    public bool IsResolved => Status == Resolved;

    internal IEnumerable<(string Field, string Message)> Problems()
    {
        if (Status is not (Firing or Resolved))
        {
            yield return ("status", $"must be '{Firing}' or '{Resolved}'; got '{Status}'");
        }

        if (Labels is null || Labels.Count == 0)
        {
            yield return ("labels", "an alert needs its labels (at least alertname)");
        }

        if (StartsAt is null || StartsAt.Value.Year <= 1)
        {
            yield return ("startsAt", "required: when the alert started (RFC 3339)");
        }

        if (IsResolved && (EndsAt is null || EndsAt.Value.Year <= 1))
        {
            yield return ("endsAt", "required on a resolved alert: when it ended (RFC 3339)");
        }
    }
}
