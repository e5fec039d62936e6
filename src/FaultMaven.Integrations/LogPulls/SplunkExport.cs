using System.Globalization;
using System.Text.Json;

namespace FaultMaven.Integrations.LogPulls;

/// <summary>
/// Reads Splunk's <c>/services/search/v2/jobs/export</c> answer with <c>output_mode=json</c>: one JSON object per line,
/// <c>{"preview":false,"offset":0,"lastrow":true,"result":{"_time":"...","_raw":"...","host":"...",...}}</c>, or
/// <c>{"messages":[{"type":"ERROR","text":"..."}]}</c>. No I/O.
/// </summary>
public static class SplunkExport
{
    /// <summary>The event of one line; null for a preview result, an informational message or a blank line.</summary>
    /// <exception cref="IntegrationException">An ERROR or FATAL message from Splunk (quoted), or a line that is not JSON.</exception>
    public static PulledLine? Parse(string line, string service)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("messages", out var messages)
                && messages.EnumerateArray().FirstOrDefault(m => m.GetProperty("type").GetString() is "ERROR" or "FATAL") is { ValueKind: JsonValueKind.Object } error)
            {
                throw new IntegrationException("Splunk", $"Splunk refused the search: {error.GetProperty("text").GetString()}");
            }

            if (!root.TryGetProperty("result", out var result) || (root.TryGetProperty("preview", out var preview) && preview.GetBoolean()))
            {
                return null;
            }

            return new PulledLine(
                DateTimeOffset.Parse(result.GetProperty("_time").GetString()!, CultureInfo.InvariantCulture),
                result.GetProperty("_raw").GetString()!,
                Service: service,
                Host: result.TryGetProperty("host", out var host) ? host.GetString() : null,
                IsRawText: true);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new IntegrationException("Splunk", $"not a line of Splunk's JSON export: {exception.Message}", inner: exception);
        }
    }
}
