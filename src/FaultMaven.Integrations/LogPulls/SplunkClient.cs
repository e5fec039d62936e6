using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace FaultMaven.Integrations.LogPulls;

/// <summary>
/// Splunk's search REST API: <c>POST /services/search/v2/jobs/export</c> streams the events of a search as they are
/// found, so no job has to be created, polled and paged. Timeouts and retries come from the resilience handler.
/// </summary>
public sealed class SplunkClient(HttpClient http, IOptions<IntegrationsOptions> options) : ILogPull
{
    public string Name => "splunk";

    public bool IsConfigured => options.Value.Splunk.IsConfigured;

    public async IAsyncEnumerable<PulledLine> PullAsync(string service, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value.Splunk;
        LogPulls.EnsureConfigured("Splunk", settings, "Splunk");
        using var request = new HttpRequestMessage(HttpMethod.Post, LogPulls.Endpoint(settings, "services/search/v2/jobs/export"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["search"] = settings.QueryFor(service),
                ["earliest_time"] = Epoch(from),
                ["latest_time"] = Epoch(to),
                ["output_mode"] = "json",
                ["count"] = settings.MaxEvents.ToString(CultureInfo.InvariantCulture),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        using var response = await LogPulls.SendAsync(http, request, "Splunk", settings, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var taken = 0;
        while (taken < settings.MaxEvents && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (SplunkExport.Parse(line, service) is { } pulled)
            {
                taken++;
                yield return pulled;
            }
        }
    }

    private static string Epoch(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
