using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Options;

namespace FaultMaven.Integrations.LogPulls;

/// <summary>
/// Datadog's Logs Search API: <c>POST /api/v2/logs/events/search</c>, page after page by <c>meta.page.after</c>. A 429
/// is waited out as its <c>X-RateLimit-Reset</c> header says (by the resilience handler's retry), up to the configured retries.
/// </summary>
public sealed class DatadogClient(HttpClient http, IOptions<IntegrationsOptions> options) : ILogPull
{
    public string Name => "datadog";

    public bool IsConfigured => options.Value.Datadog.IsConfigured;

    public async IAsyncEnumerable<PulledLine> PullAsync(string service, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value.Datadog;
        LogPulls.EnsureConfigured("Datadog", settings, "Datadog");
        var query = settings.QueryFor(service);
        var taken = 0;
        string? cursor = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, LogPulls.Endpoint(settings, "api/v2/logs/events/search"))
            {
                Content = new StringContent(
                    DatadogLogsPage.Request(query, from, to, Math.Min(settings.PageSize, settings.MaxEvents - taken), cursor), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("DD-API-KEY", settings.ApiKey);
            request.Headers.Add("DD-APPLICATION-KEY", settings.ApplicationKey);
            using var response = await LogPulls.SendAsync(http, request, "Datadog", settings, cancellationToken);
            var page = DatadogLogsPage.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var line in page.Lines.Take(settings.MaxEvents - taken))
            {
                taken++;
                yield return line;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null && taken < settings.MaxEvents);
    }
}
