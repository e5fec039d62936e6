using System.Globalization;
using Microsoft.Extensions.Options;

namespace FaultMaven.Integrations.Prometheus;

/// <summary>
/// Prometheus' HTTP API over an <see cref="HttpClient"/> whose timeouts and retries come from
/// Microsoft.Extensions.Http.Resilience (registered by <see cref="IntegrationsServiceCollectionExtensions.AddIntegrations"/>).
/// </summary>
public sealed class PrometheusClient(HttpClient http, IOptions<IntegrationsOptions> options)
{
    /// <summary>Prometheus refuses a range query of more than 11,000 points per series.</summary>
    public const int MaxPoints = 10_000;

    /// <summary><c>POST /api/v1/query_range</c> (a form, so long queries fit); the step is widened to stay under <see cref="MaxPoints"/>.</summary>
    /// <exception cref="IntegrationException">Not configured, unreachable, an HTTP or a query error (Prometheus' own text quoted).</exception>
    public async Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var settings = options.Value.Prometheus;
        if (!settings.IsConfigured)
        {
            throw new IntegrationException("Prometheus", $"Prometheus is not configured: set {IntegrationsOptions.Section}:Prometheus:Url (env FAULTMAVEN__INTEGRATIONS__PROMETHEUS__URL)", notConfigured: true);
        }

        var form = new Dictionary<string, string>
        {
            ["query"] = query,
            ["start"] = Seconds(start),
            ["end"] = Seconds(end),
            ["step"] = Math.Max(step.TotalSeconds, Math.Ceiling((end - start).TotalSeconds / MaxPoints)).ToString(CultureInfo.InvariantCulture),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.Url!.TrimEnd('/') + "/"), "api/v1/query_range"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        if (!string.IsNullOrWhiteSpace(settings.BearerToken))
        {
            request.Headers.Authorization = new("Bearer", settings.BearerToken);
        }

        string body;
        System.Net.HttpStatusCode status;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                           || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new IntegrationException("Prometheus", $"Prometheus at {settings.Url} did not answer: {exception.Message}", inner: exception);
        }

        // Prometheus answers a bad query with 400 and its JSON error body, which says more than the status.
        return (int)status is >= 200 and < 300 or 400 or 422 || body.StartsWith('{')
            ? RangeQueryResult.Parse(body)
            : throw new IntegrationException("Prometheus", $"Prometheus at {settings.Url} answered {(int)status}: {Shorten(body)}");
    }

    private static string Seconds(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
