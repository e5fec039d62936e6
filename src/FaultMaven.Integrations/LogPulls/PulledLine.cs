using System.Text.Json;
using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Integrations.LogPulls;

/// <summary>
/// A log event pulled from another log store, as the JSON line FaultMaven's normalizer reads like any shipper's
/// (<c>timestamp</c>, <c>level</c>, <c>service</c>, <c>host</c>, <c>message</c> are its well-known fields), so pulled
/// logs take the normal path: logs.raw, normalization, template mining, detectors, storage.
/// </summary>
/// <param name="IsRawText">
/// <paramref name="Message"/> is the event's raw text (Splunk's <c>_raw</c>), carried as <see cref="RecordFields.RawText"/>
/// so that the normalizer reads its level and message as it reads the line itself; the pulled timestamp still wins.
/// </param>
public sealed record PulledLine(DateTimeOffset Timestamp, string Message, string? Level = null, string? Service = null, string? Host = null, bool IsRawText = false)
{
    public string ToJson()
    {
        var fields = new Dictionary<string, string> { ["timestamp"] = Timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture) };
        if (Level is not null)
        {
            fields["level"] = Level;
        }

        if (Service is not null)
        {
            fields["service"] = Service;
        }

        if (Host is not null)
        {
            fields["host"] = Host;
        }

        fields[IsRawText ? RecordFields.RawText : "message"] = Message;
        return JsonSerializer.Serialize(fields);
    }
}

/// <summary>A log store FaultMaven can pull an incident window's logs from (Splunk, Datadog).</summary>
public interface ILogPull
{
    /// <summary>The name in <c>/integrations/{name}/pull</c> and in messages, e.g. <c>splunk</c>.</summary>
    string Name { get; }

    bool IsConfigured { get; }

    /// <summary>The events of <paramref name="service"/> between <paramref name="from"/> and <paramref name="to"/>, up to the configured maximum.</summary>
    /// <exception cref="IntegrationException">Not configured, unreachable, refused, or an answer that is not the documented format.</exception>
    IAsyncEnumerable<PulledLine> PullAsync(string service, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
