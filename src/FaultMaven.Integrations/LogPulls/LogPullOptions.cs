namespace FaultMaven.Integrations.LogPulls;

/// <summary>What every log pull has: where, which query (with <c>{service}</c>), how many events at most, timeouts and retries.</summary>
public abstract class LogPullOptions
{
    public const string ServiceVariable = "{service}";

    /// <summary>Base URL of the store's REST API; without it the pull is not configured.</summary>
    public string? Url { get; set; }

    /// <summary>The search with <c>{service}</c> where the incident's source goes; the store's own query language.</summary>
    public abstract string Query { get; set; }

    /// <summary>The most events one pull takes; the oldest of the window come first.</summary>
    public int MaxEvents { get; set; } = 100_000;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public int Retries { get; set; } = 3;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The query for one service, with quotes and backslashes in the name escaped as both stores' string literals need.</summary>
    public string QueryFor(string service) =>
        Query.Replace(ServiceVariable, service.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal);

    public virtual IEnumerable<string> Validate(string section)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return $"{section}:Url must be an absolute http(s) URL; got '{Url}'";
        }

        if (!Query.Contains(ServiceVariable, StringComparison.Ordinal))
        {
            yield return $"{section}:Query must contain {ServiceVariable} where the incident's service goes; got '{Query}'";
        }

        if (MaxEvents is < 1 or > 10_000_000)
        {
            yield return $"{section}:MaxEvents must be between 1 and 10000000 (was {MaxEvents})";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{section}:Timeout must be positive (was {Timeout})";
        }

        if (Retries is < 0 or > 10)
        {
            yield return $"{section}:Retries must be between 0 and 10 (was {Retries})";
        }
    }

    /// <summary>A required credential, named by its key and environment variable when missing.</summary>
    protected static IEnumerable<string> Required(string section, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            yield return $"{section}:{key} is required with {section}:Url (env {section.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}__{key.ToUpperInvariant()})";
        }
    }
}

/// <summary><c>FaultMaven:Integrations:Splunk</c>: a Splunk search head's management port and an authentication token.</summary>
public sealed class SplunkOptions : LogPullOptions
{
    /// <summary>A Splunk authentication token (Settings → Tokens), sent as <c>Authorization: Bearer</c>.</summary>
    public string? Token { get; set; }

    /// <summary>SPL; the default reads every index the token may read for events of the service.</summary>
    public override string Query { get; set; } = "search index=* service=\"{service}\"";

    public override IEnumerable<string> Validate(string section) => base.Validate(section).Concat(IsConfigured ? Required(section, nameof(Token), Token) : []);
}

/// <summary><c>FaultMaven:Integrations:Datadog</c>: a Datadog site's API (e.g. https://api.datadoghq.eu) and its two keys.</summary>
public sealed class DatadogOptions : LogPullOptions
{
    public string? ApiKey { get; set; }

    public string? ApplicationKey { get; set; }

    /// <summary>Datadog log search syntax.</summary>
    public override string Query { get; set; } = "service:\"{service}\"";

    /// <summary>Events per page (Datadog allows at most 5000).</summary>
    public int PageSize { get; set; } = 1000;

    public override IEnumerable<string> Validate(string section) =>
        base.Validate(section)
            .Concat(IsConfigured ? Required(section, nameof(ApiKey), ApiKey).Concat(Required(section, nameof(ApplicationKey), ApplicationKey)) : [])
            .Concat(PageSize is < 1 or > 5000 ? [$"{section}:PageSize must be between 1 and 5000 (was {PageSize})"] : []);
}
