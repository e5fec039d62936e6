using System.Diagnostics;
using System.Text;
using FaultMaven.Testing;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>The API and the worker export their spans over OTLP (the standard OTEL_* variables) to an in-process receiver.</summary>
public sealed class TracedSystem : RunningSystem
{
    public OtlpTraceReceiver Receiver { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("OTEL_EXPORTER_OTLP_ENDPOINT", Receiver.Endpoint),
        new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
        new("OTEL_BSP_SCHEDULE_DELAY", "200"),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Receiver.Dispose();
    }
}

public sealed class ObservabilityTests(TracedSystem system) : IClassFixture<TracedSystem>
{
    private const int Lines = 20;

    [Fact]
    public async Task One_trace_id_spans_the_ingest_request_the_kafka_hops_the_worker_steps_and_the_postgres_writes_as_an_in_process_otlp_receiver_sees_them()
    {
        var source = $"traced-{Guid.NewGuid():N}"[..20];
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/logs/ingest?source={source}")
        {
            // Normalize holds a source's last event (it may continue on the next line) and collapse holds it again (it may
            // repeat) until a timer releases it without a Kafka record, so without the record's headers: the lines before
            // it travel inside the record's own processing and carry its trace.
            Content = new StringContent(string.Concat(Enumerable.Range(0, Lines).Select(i => $"2026-11-30T10:00:{i:00}Z ERROR payment {i} declined for order {i * 7}\n")), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await system.Api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await system.WaitForCount($"{Lines} lines of {source} stored", () => system.StoredLines(source), Lines);

        // Each hop, by the service that must report it in the client's trace.
        (string Service, string What, Func<ReceivedSpan, bool> Is)[] hops =
        [
            ("faultmaven-api", "the ingest request", s => s.Scope == "Microsoft.AspNetCore" && s.Name.Contains("/logs/ingest", StringComparison.Ordinal)),
            ("faultmaven-api", "logs.raw publish", s => s.Name == "logs.raw publish"),
            ("faultmaven-worker", "logs.raw process (normalize and the steps after it)", s => s.Name == "logs.raw process"),
            ("faultmaven-worker", "logs.normalized process (the logs sink)", s => s.Name == "logs.normalized process"),
            ("faultmaven-worker", "a PostgreSQL command of the sink", s => s.Scope == "Npgsql"),
        ];
        string Missing() => string.Join("; ", hops.Where(hop => !system.Receiver.Spans.Any(s => s.TraceId == traceId && s.Service == hop.Service && hop.Is(s))).Select(hop => $"{hop.Service}: {hop.What}"));
        string Seen() => string.Join("\n", system.Receiver.Spans.Where(s => s.TraceId == traceId).Select(s => $"{s.Service} {s.Scope} '{s.Name}' {s.SpanId} <- {s.ParentSpanId}"));

        await Progress.Until(
            "every hop reported in the client's trace",
            () => Task.FromResult(Missing().Length == 0),
            () => Task.FromResult((long)system.Receiver.Spans.Count(s => s.TraceId == traceId)),
            () => Task.FromResult($"missing: {Missing()}\nspans in the trace:\n{Seen()}\nall spans received: {system.Receiver.Spans.Count}"));

        // Parent links hold the hops together: the worker's first span is a child of the API's publish span.
        var traced = system.Receiver.Spans.Where(s => s.TraceId == traceId).ToList();
        var publish = traced.First(s => s.Name == "logs.raw publish");
        var process = traced.Where(s => s.Name == "logs.raw process").ToList();
        Assert.Contains(process, s => s.ParentSpanId == publish.SpanId);
        var sink = traced.First(s => s.Name == "logs.normalized process");
        Assert.Contains(process, s => s.SpanId == sink.ParentSpanId);
        Assert.Contains(traced, s => s.Scope == "Npgsql" && s.ParentSpanId == sink.SpanId);
    }

    [Fact]
    public async Task The_worker_publishes_its_consumer_lag_per_partition_and_the_time_each_step_takes()
    {
        var source = $"metered-{Guid.NewGuid():N}"[..20];
        system.Produce(source, Enumerable.Range(0, 50).Select(i => $"2026-11-30T10:00:{i % 60:00}Z INFO metered line {i}"));
        await system.WaitForCount($"50 lines of {source} stored", () => system.StoredLines(source), 50);
        using var client = new HttpClient();
        string metrics = "";
        // Each series by its name and the label values it must carry (label order is the exporter's business).
        (string Name, string[] Labels)[] expected =
        [
            ("faultmaven_consumers_lag_records", ["topic=\"logs.raw\"", "partition=\"0\""]),
            ("faultmaven_consumers_lag_records", ["topic=\"logs.normalized\"", "-sink-logs\""]),
            ("faultmaven_consumers_lost_records", ["topic=\"logs.raw\""]),
            ("faultmaven_consumers_lag_age_seconds", []),
            ("faultmaven_pipeline_step_duration_seconds_count", ["step=\"normalize\""]),
            ("faultmaven_pipeline_step_duration_seconds_count", ["step=\"sink-logs\""]),
        ];
        bool Present((string Name, string[] Labels) series) =>
            metrics.Split('\n').Any(line => line.StartsWith(series.Name, StringComparison.Ordinal) && line.Length > series.Name.Length && line[series.Name.Length] is '{' or ' '
                && series.Labels.All(label => line.Contains(label, StringComparison.Ordinal)));
        string Missing() => string.Join(", ", expected.Where(series => !Present(series)).Select(series => $"{series.Name} {string.Join(' ', series.Labels)}"));

        await Progress.Until(
            "the worker's /metrics has every documented series",
            async () => (metrics = await client.GetStringAsync(system.WorkerUrl("/metrics"))) is var _ && Missing().Length == 0,
            () => Task.FromResult((long)expected.Count(Present)),
            () => Task.FromResult($"missing: {Missing()}\n{string.Join("\n", metrics.Split('\n').Where(l => l.StartsWith("faultmaven_", StringComparison.Ordinal)))}"));
    }

    [Fact]
    public async Task Every_metric_the_dashboards_and_alerts_read_is_exposed_by_the_running_api_or_worker()
    {
        var chart = Path.Combine(FaultMaven.Testing.Processes.RepositoryPaths.Root, "helm", "faultmaven");
        var queries = string.Join('\n', Directory.GetFiles(Path.Combine(chart, "dashboards"), "faultmaven-*.json").Select(File.ReadAllText))
            + File.ReadAllText(Path.Combine(chart, "files", "alerts.yaml"));
        var used = System.Text.RegularExpressions.Regex.Matches(queries, @"\b((?:faultmaven|http)_[a-z_]+)\b")
            .Select(m => System.Text.RegularExpressions.Regex.Replace(m.Groups[1].Value, "_(bucket|count|sum)$", ""))
            .ToHashSet();
        // A request and a push make the request and pipeline series appear.
        system.Produce($"dash-{Guid.NewGuid():N}"[..16], ["2026-11-30T10:00:00Z ERROR dashboard probe"]);
        using var client = new HttpClient();
        var exposed = "";
        string Missing() => string.Join(", ", used.Where(name => !exposed.Contains($"# TYPE {name} ", StringComparison.Ordinal)).Order());

        await Progress.Until(
            "every metric of the dashboards and alerts exposed",
            async () =>
            {
                _ = await system.Api.GetAsync("/findings");
                exposed = await client.GetStringAsync(new Uri(system.Api.BaseAddress!, "/metrics")) + await client.GetStringAsync(system.WorkerUrl("/metrics"));
                return Missing().Length == 0;
            },
            () => Task.FromResult((long)used.Count(name => exposed.Contains($"# TYPE {name} ", StringComparison.Ordinal))),
            () => Task.FromResult($"used: {string.Join(", ", used.Order())}\nmissing: {Missing()}"));
    }
}
