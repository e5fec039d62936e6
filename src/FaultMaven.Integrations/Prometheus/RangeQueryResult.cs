using System.Globalization;
using System.Text.Json;
using FaultMaven.Analysis.Anomaly.Streaming;

namespace FaultMaven.Integrations.Prometheus;

/// <summary>One series of a range query: its labels (<c>{pod="a", code="500"}</c>) and its samples, oldest first.</summary>
public sealed record PrometheusSeries(string Labels, IReadOnlyList<MetricSample> Samples);

/// <summary>
/// Reads the body of Prometheus' <c>/api/v1/query_range</c> (https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries):
/// <c>{"status":"success","data":{"resultType":"matrix","result":[{"metric":{...},"values":[[unixSeconds,"value"],...]}]}}</c>,
/// or <c>{"status":"error","errorType":...,"error":...}</c>. No I/O.
/// </summary>
public static class RangeQueryResult
{
    /// <exception cref="IntegrationException">An error answer (its type and text quoted) or a body that is not a matrix.</exception>
    public static IReadOnlyList<PrometheusSeries> Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                throw new IntegrationException(
                    "Prometheus", $"Prometheus refused the query: {Text(root, "errorType")}: {Text(root, "error")}");
            }

            var data = root.GetProperty("data");
            if (data.GetProperty("resultType").GetString() != "matrix")
            {
                throw new IntegrationException("Prometheus", $"a range query answered a '{data.GetProperty("resultType").GetString()}', not a matrix");
            }

            return data.GetProperty("result").EnumerateArray().Select(series => new PrometheusSeries(
                    LabelsOf(series.GetProperty("metric")),
                    series.GetProperty("values").EnumerateArray().Select(Sample).ToList()))
                .ToList();
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new IntegrationException("Prometheus", $"not a Prometheus API answer: {exception.Message}", inner: exception);
        }
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) ? value.GetString() : null;

    private static string LabelsOf(JsonElement metric) =>
        "{" + string.Join(", ", metric.EnumerateObject().OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}=\"{l.Value.GetString()}\"")) + "}";

    /// <summary>Prometheus sends the time as fractional Unix seconds and the value as a string (it may be NaN or ±Inf).</summary>
    private static MetricSample Sample(JsonElement pair) => new(
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(pair[0].GetDouble() * 1000)),
        double.Parse(pair[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture));
}
