using System.Globalization;
using System.Net;
using Polly.Retry;

namespace FaultMaven.Integrations.LogPulls;

/// <summary>The HTTP every log pull does the same way: the configured check, the endpoint URL, one request with its failures as <see cref="IntegrationException"/>.</summary>
internal static class LogPulls
{
    public static void EnsureConfigured(string integration, LogPullOptions settings, string section)
    {
        if (!settings.IsConfigured)
        {
            throw new IntegrationException(
                integration, $"{integration} is not configured: set {IntegrationsOptions.Section}:{section}:Url (env FAULTMAVEN__INTEGRATIONS__{section.ToUpperInvariant()}__URL)", notConfigured: true);
        }
    }

    public static Uri Endpoint(LogPullOptions settings, string path) => new(new Uri(settings.Url!.TrimEnd('/') + "/"), path);

    /// <summary>Sends the request (headers read, body streamed); a failure, timeout or non-2xx answer after the retries is an <see cref="IntegrationException"/> quoting the server.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string integration, LogPullOptions settings, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                           || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new IntegrationException(integration, $"{integration} at {settings.Url} did not answer: {exception.Message}", inner: exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new IntegrationException(integration, $"{integration} at {settings.Url} answered {(int)response.StatusCode}: {(body.Length <= 300 ? body : body[..300] + "…")}");
        }
    }

    /// <summary>
    /// How long to wait before retrying a refused attempt: Retry-After when sent, else Datadog's <c>X-RateLimit-Reset</c>
    /// (seconds until the rate-limit period ends) on a 429, else null (the retry's exponential backoff with jitter).
    /// </summary>
    public static ValueTask<TimeSpan?> RetryDelay(RetryDelayGeneratorArguments<HttpResponseMessage> arguments)
    {
        if (arguments.Outcome.Result is not { } response)
        {
            return ValueTask.FromResult<TimeSpan?>(null);
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return ValueTask.FromResult(retryAfter.Delta ?? (retryAfter.Date - DateTimeOffset.UtcNow));
        }

        return ValueTask.FromResult<TimeSpan?>(
            response.StatusCode == HttpStatusCode.TooManyRequests
            && response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 300))
                : null);
    }
}
