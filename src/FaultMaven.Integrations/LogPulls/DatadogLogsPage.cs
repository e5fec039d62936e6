using System.Text.Json;

namespace FaultMaven.Integrations.LogPulls;

/// <summary>
/// One page of Datadog's Logs Search API (<c>POST /api/v2/logs/events/search</c>): the events of <c>data</c> and the cursor
/// of the next page (<c>meta.page.after</c>, absent on the last). No I/O.
/// </summary>
public sealed record DatadogLogsPage(IReadOnlyList<PulledLine> Lines, string? NextCursor)
{
    /// <summary>The request body for one page, oldest events first.</summary>
    public static string Request(string query, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor) =>
        JsonSerializer.Serialize(new
        {
            filter = new { query, from = from.ToUniversalTime().ToString("o"), to = to.ToUniversalTime().ToString("o") },
            sort = "timestamp",
            page = cursor is null ? (object)new { limit } : new { limit, cursor },
        });

    /// <exception cref="IntegrationException">Datadog's <c>errors</c> (quoted), or a body that is not a search answer.</exception>
    public static DatadogLogsPage Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("errors", out var errors))
            {
                throw new IntegrationException("Datadog", $"Datadog refused the search: {string.Join("; ", errors.EnumerateArray().Select(e => e.ToString()))}");
            }

            var lines = root.GetProperty("data").EnumerateArray().Select(Line).ToList();
            var next = root.TryGetProperty("meta", out var meta) && meta.TryGetProperty("page", out var page) && page.TryGetProperty("after", out var after)
                ? after.GetString()
                : null;
            return new DatadogLogsPage(lines, string.IsNullOrEmpty(next) ? null : next);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new IntegrationException("Datadog", $"not a Datadog logs search answer: {exception.Message}", inner: exception);
        }
    }

    private static PulledLine Line(JsonElement log)
    {
        var attributes = log.GetProperty("attributes");
        string? Text(string name) => attributes.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new PulledLine(attributes.GetProperty("timestamp").GetDateTimeOffset(), Text("message") ?? "", Text("status"), Text("service"), Text("host"));
    }
}
