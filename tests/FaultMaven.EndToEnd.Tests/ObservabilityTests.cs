using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FaultMaven.Testing;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// The API and the worker export their spans and logs over OTLP (the standard OTEL_* variables) to an in-process receiver;
/// the API logs its requests (FaultMaven:Logging:Levels lifts the request log above the harness's Warning), and the worker
/// retrains session models every few seconds, so every documented series appears.
/// </summary>
public sealed class TracedSystem : RunningSystem
{
    public const string SessionPattern = "req-[0-9a-f]+";

    public OtlpTraceReceiver Receiver { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("OTEL_EXPORTER_OTLP_ENDPOINT", Receiver.Endpoint),
        new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
        new("OTEL_BSP_SCHEDULE_DELAY", "200"),
        new("FaultMaven__Logging__Levels__Serilog.AspNetCore.RequestLoggingMiddleware", "Information"),
        new("FAULTMAVEN__DETECTION__SESSIONS__PATTERN", SessionPattern),
        new("FAULTMAVEN__DETECTION__SESSIONS__MINSESSIONS", "2"),
        new("FAULTMAVEN__DETECTION__SESSIONS__RETRAINEVERY", "00:00:03"),
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
            Content = new StringContent(string.Concat(Enumerable.Range(0, Lines).Select(i => $"{Recent(i)} ERROR payment {i} declined for order {i * 7}\n")), Encoding.UTF8, "text/plain"),
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
        system.Produce(source, Enumerable.Range(0, 50).Select(i => $"{Recent(i % 60)} INFO metered line {i}"));
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
        var used = System.Text.RegularExpressions.Regex.Matches(queries, @"\b((?:faultmaven|http|npgsql)_[a-z_]+)\b").Select(m => m.Groups[1].Value).ToHashSet();
        // Requests, a search and an error burst (a finding, its incident) make the request, pipeline, search and finding series appear.
        system.Produce($"dash-{Guid.NewGuid():N}"[..16], Enumerable.Range(0, 6).Select(i => $"{Recent(i)} ERROR dashboard probe {i}"));
        using var client = new HttpClient();
        var exposed = "";
        // A histogram's series (name_bucket, _count, _sum) are declared under its own name; npgsql_db_client_connection_count is a gauge.
        bool Exposed(string name) =>
            exposed.Contains($"# TYPE {name} ", StringComparison.Ordinal)
            || exposed.Contains($"# TYPE {System.Text.RegularExpressions.Regex.Replace(name, "_(bucket|count|sum)$", "")} histogram", StringComparison.Ordinal);
        string Missing() => string.Join(", ", used.Where(name => !Exposed(name)).Order());

        await Progress.Until(
            "every metric of the dashboards and alerts exposed",
            async () =>
            {
                _ = await system.Api.GetAsync("/findings");
                _ = await system.Api.GetAsync("/context/retrieve?q=dashboard%20probe&limit=1");
                exposed = await client.GetStringAsync(new Uri(system.Api.BaseAddress!, "/metrics")) + await client.GetStringAsync(system.WorkerUrl("/metrics"));
                return Missing().Length == 0;
            },
            () => Task.FromResult((long)used.Count(Exposed)),
            () => Task.FromResult($"used: {string.Join(", ", used.Order())}\nmissing: {Missing()}"));
    }

    [Fact]
    public async Task The_apis_log_line_for_a_request_carries_the_clients_trace_id_as_json_on_the_console_and_as_an_otlp_log_record()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var path = $"/findings?source=logged-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await system.Api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        string? ConsoleLine() => system.ApiOutput.Split('\n').FirstOrDefault(line => line.Contains($"\"@tr\":\"{traceId}\"", StringComparison.Ordinal) && line.Contains("/findings", StringComparison.Ordinal));
        ReceivedLog? Exported() => system.Receiver.Logs.FirstOrDefault(log => log.Service == "faultmaven-api" && log.TraceId == traceId);
        await Progress.Until(
            "the API wrote the request's log line with the client's trace id on its console and over OTLP",
            () => Task.FromResult(ConsoleLine() is not null && Exported() is not null),
            () => Task.FromResult((long)system.Receiver.Logs.Count),
            () => Task.FromResult(
                $"console line: {ConsoleLine() ?? "none"}\nOTLP log records: {system.Receiver.Logs.Count}, from the API: {system.Receiver.Logs.Count(l => l.Service == "faultmaven-api")}\n"
                + $"API output lines with /findings:\n{string.Join('\n', system.ApiOutput.Split('\n').Where(l => l.Contains("/findings", StringComparison.Ordinal)))}"));

        using var line = JsonDocument.Parse(ConsoleLine()!);
        Assert.Equal("/findings", line.RootElement.GetProperty("RequestPath").GetString());
        Assert.Equal("faultmaven-api", line.RootElement.GetProperty("service").GetString());
        var exported = Exported()!;
        Assert.Contains("/findings", exported.Body, StringComparison.Ordinal);
        Assert.Equal(line.RootElement.GetProperty("@sp").GetString(), exported.SpanId);
    }

    [Fact]
    public async Task A_real_prometheus_scraping_the_api_and_the_worker_finds_every_series_docs_operations_md_lists()
    {
        var documented = DocumentedSeries.Read();
        var expected = documented.Where(series => !DocumentedSeries.NotTriggeredHere.Contains(series.Appears)).ToList();
        Assert.True(expected.Count >= 15, $"docs/operations.md lists only {expected.Count} series to check");
        await using var prometheus = await PrometheusServer.StartAsync(new Dictionary<string, string>
        {
            ["faultmaven-api"] = system.Api.BaseAddress!.Authority,
            ["faultmaven-worker"] = new Uri(system.WorkerUrl("/")).Authority,
        });

        // Records, an error burst (a finding and its incident), sessions for the session model, and a similarity search.
        var source = $"scraped-{Guid.NewGuid():N}"[..20];
        var lines = Enumerable.Range(0, 12).SelectMany(i => new[]
        {
            $"{Recent(60 + i)} INFO request req-{i:x4} started",
            $"{Recent(60 + i)} ERROR request req-{i:x4} failed: payment declined",
        }).ToList();
        system.Produce(source, lines);
        await system.WaitForCount($"{lines.Count} lines of {source} stored", () => system.StoredLines(source), lines.Count);
        using var search = await system.Api.GetAsync("/context/retrieve?q=payment%20declined&limit=3");
        Assert.True(search.IsSuccessStatusCode, $"/context/retrieve answered {(int)search.StatusCode}: {await search.Content.ReadAsStringAsync()}");

        var present = new HashSet<(string Name, string Job)>();
        string Missing() => string.Join(", ", expected.SelectMany(s => s.Services.Where(job => !present.Contains((s.SampleName, job))).Select(job => $"{s.SampleName} from {job}")));
        await Progress.Until(
            "prometheus holds every documented series from the service that exposes it",
            async () =>
            {
                var result = await prometheus.QueryAsync("""group by (__name__, job) ({job=~"faultmaven-api|faultmaven-worker"})""");
                present = [.. result.EnumerateArray().Select(r => (r.GetProperty("metric").GetProperty("__name__").GetString()!, r.GetProperty("metric").GetProperty("job").GetString()!))];
                return Missing().Length == 0;
            },
            () => Task.FromResult((long)present.Count),
            () => Task.FromResult(
                $"missing: {Missing()}\nnot checked (cannot be made to happen here): {string.Join(", ", documented.Except(expected).Select(s => s.Name))}\n"
                + $"present:\n{string.Join("\n", present.Order().Select(p => $"{p.Job} {p.Name}"))}\nprometheus:\n{Progress.Tail(prometheus.Output)}"));

        foreach (var series in expected)
        {
            var result = await prometheus.QueryAsync($$"""{__name__="{{series.SampleName}}", job=~"faultmaven-api|faultmaven-worker"}""");
            var labels = result.EnumerateArray().SelectMany(r => r.GetProperty("metric").EnumerateObject().Select(label => label.Name)).ToHashSet();
            Assert.True(series.Labels.All(labels.Contains), $"{series.SampleName} has the labels {string.Join(", ", labels.Order())}, not all of {string.Join(", ", series.Labels)}");
        }
    }

    private static readonly DateTimeOffset HourStarted = new(DateTime.UtcNow.Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);

    /// <summary>
    /// A timestamp <paramref name="seconds"/> after the start of the hour the tests started in. Event times must be recent:
    /// the worker's windowed stores keep a day (Streamiz's default retention), so a fixed date in a test stops raising
    /// findings a day later. One start for all lines, so a test's lines never straddle an hour.
    /// </summary>
    private static string Recent(int seconds) => $"{HourStarted.AddSeconds(seconds):yyyy-MM-ddTHH:mm:ssZ}";
}

/// <summary>One row of the series table in docs/operations.md ("FaultMaven's own metrics").</summary>
/// <param name="Services">The scrape jobs that expose it: faultmaven-api, faultmaven-worker.</param>
/// <param name="Appears">When the series first exists: at start, after a record, after a finding, ….</param>
/// <param name="Labels">The label names the row lists (backticked), which at least one of its series carries.</param>
public sealed record DocumentedSeries(string Name, string Type, IReadOnlyList<string> Services, IReadOnlyList<string> Labels, string Appears)
{
    /// <summary>Conditions no test of this class brings about; their rows are listed in the failure message instead.</summary>
    public static readonly IReadOnlySet<string> NotTriggeredHere = new HashSet<string> { "on an offset gap", "when a miner reaches its bound" };

    /// <summary>The name Prometheus stores: a histogram as its <c>_count</c> series.</summary>
    public string SampleName => Type == "histogram" ? $"{Name}_count" : Name;

    public static IReadOnlyList<DocumentedSeries> Read()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "operations.md"));
        var start = text.IndexOf("\n## FaultMaven's own metrics", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no section \"FaultMaven's own metrics\"");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return
        [
            .. text[start..(end < 0 ? text.Length : end)].Split('\n')
                .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
                .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
                .Select(cells => new DocumentedSeries(
                    cells[1].Trim('`'),
                    cells[2],
                    [.. cells[3].Split(',', StringSplitOptions.TrimEntries).Select(service => $"faultmaven-{service}")],
                    [.. System.Text.RegularExpressions.Regex.Matches(cells[4], "`([a-z_]+)`").Select(m => m.Groups[1].Value)],
                    cells[5])),
        ];
    }
}
