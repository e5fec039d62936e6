namespace FaultMaven.Agents.Reasoning;

/// <summary>
/// The optional model that reasons over the retrieved context; bound from <c>FaultMaven:Llm</c>. Without an
/// <see cref="Endpoint"/> no model is asked and answers stay purely deterministic.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "FaultMaven:Llm";

    /// <summary>Base URL of an OpenAI-compatible API, e.g. <c>https://api.openai.com/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The endpoint's chat model, e.g. <c>gpt-4o-mini</c>.</summary>
    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>How long one answer may take before the deterministic answer is returned alone.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>The problems with these options, each naming its key; none when no endpoint is configured.</summary>
    public static IEnumerable<string> Validate(LlmOptions options)
    {
        const string Section = SectionName;
        if (!options.IsConfigured)
        {
            yield break;
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            yield return $"{Section}:Endpoint must be an absolute http(s) URL such as https://api.openai.com/v1; got '{options.Endpoint}'.";
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            yield return $"{Section}:Model is required with {Section}:Endpoint: the endpoint's chat model, e.g. gpt-4o-mini.";
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return $"{Section}:ApiKey is required with {Section}:Endpoint (env FAULTMAVEN__LLM__APIKEY); any placeholder works for an endpoint that checks no key.";
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:Timeout must be positive, e.g. 00:00:20; got '{options.Timeout}'.";
        }
    }
}
