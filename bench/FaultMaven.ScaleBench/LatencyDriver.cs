using System.Diagnostics;
using System.Text;

namespace FaultMaven.ScaleBench;

/// <summary>
/// One endpoint at one concurrency: latency of the successful requests, throughput, what was not 2xx, and the API
/// process's CPU time per request (ms, user + system, all requests): the one figure the machine's load does not move.
/// </summary>
/// <param name="IndexMs">For similar-incident searches: the mean ms the API's vector store took per search in the same run (its own metric), else null.</param>
/// <param name="EmbedMs">For searches by text: the mean ms the API spent getting the text's embedding (its own metric), else null.</param>
/// <param name="CacheHits">For searches by text: the share of them its query-embedding cache answered, else null.</param>
public sealed record LatencyResult(
    string Scenario, int Clients, int Requests, double P50, double P95, double P99, double PerSecond, string Failures, double CpuMsPerRequest,
    double? IndexMs = null, double? EmbedMs = null, double? CacheHits = null);

/// <summary>A kind of request; <see cref="Make"/> gets a request number, so that parameters vary across requests.</summary>
public sealed record Scenario(string Name, Func<int, HttpRequestMessage> Make);

/// <summary>
/// Closed-loop clients over one keep-alive HTTPS connection pool: each of <c>clients</c> tasks sends the scenario's
/// next request as soon as its previous one is answered, for a fixed time after a short warm-up, so throughput is what
/// the API sustains at that concurrency and latency is measured from send to the last byte of the response read.
/// </summary>
/// <param name="cpuTime">The API process's CPU time so far (user + system).</param>
public sealed class LatencyDriver(HttpClient http, TimeSpan duration, Func<TimeSpan> cpuTime)
{
    public async Task<LatencyResult> RunAsync(Scenario scenario, int clients)
    {
        for (var i = 0; i < Math.Max(2, clients); i++)
        {
            using var warm = await http.SendAsync(scenario.Make(-1 - i));
            await warm.Content.ReadAsByteArrayAsync();
        }

        var latencies = new List<double>[clients];
        var failures = new Dictionary<int, int>();
        var counter = 0;
        var cpuBefore = cpuTime();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = latencies[client] = [];
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                using var response = await http.SendAsync(scenario.Make(Interlocked.Increment(ref counter)));
                await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode)
                {
                    mine.Add((clock.Elapsed - started).TotalMilliseconds);
                }
                else
                {
                    lock (failures)
                    {
                        failures[(int)response.StatusCode] = failures.GetValueOrDefault((int)response.StatusCode) + 1;
                    }
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (cpuTime() - cpuBefore).TotalMilliseconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LatencyResult(
            scenario.Name, clients, all.Length, Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), all.Length / elapsed,
            failures.Count == 0 ? "" : string.Join(", ", failures.Select(f => $"{f.Value}× {f.Key}")), cpu / Math.Max(1, all.Length + failures.Values.Sum()));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The measured requests: log lists by source, level, time range and deep cursor, findings, incidents, similar incidents, and 1,000-line pastes.</summary>
    public static IReadOnlyList<Scenario> Scenarios(IReadOnlyList<string> deepCursors, DateTimeOffset end)
    {
        var paste = ScaleData.Paste(1000, 7);
        var pasteJson = System.Text.Json.JsonSerializer.Serialize(new { logs = paste });
        string Time(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
        return
        [
            new("GET /logs?source=", n => Get($"/logs?source={ScaleData.SourceName(Math.Abs(n) % ScaleData.Sources)}&limit=100")),
            new("GET /logs?level=error", _ => Get("/logs?level=error&limit=100")),
            new("GET /logs?from=&to= (1 h)", n => Get($"/logs?from={Time(end.AddHours(-1 - Math.Abs(n) % 700))}&to={Time(end.AddHours(-Math.Abs(n) % 700))}&limit=100")),
            new("GET /logs?cursor= (pages 20–50)", n => Get($"/logs?limit=100&cursor={Uri.EscapeDataString(deepCursors[Math.Abs(n) % deepCursors.Count])}")),
            new("GET /findings", n => Get(n % 2 == 0 ? "/findings?limit=50" : $"/findings?limit=50&source={ScaleData.SourceName(Math.Abs(n) % ScaleData.Sources)}")),
            new("GET /incidents", n => Get(n % 2 == 0 ? "/incidents?limit=50" : "/incidents?limit=50&status=open")),
            new("GET /context/retrieve?q=", n => Get($"/context/retrieve?limit=10&q={Uri.EscapeDataString(ScaleData.IncidentText(Math.Abs(n) % ScaleData.DistinctIncidentTexts).Text)}")),
            // A text no search asked before (a request number appended), so the API's query-embedding cache never answers it.
            new("GET /context/retrieve?q= (unseen text)", n => Get($"/context/retrieve?limit=10&q={Uri.EscapeDataString($"{ScaleData.IncidentText(Math.Abs(n) % ScaleData.DistinctIncidentTexts).Text} #{Guid.NewGuid():N}")}")),
            new("POST /query (1,000 lines)", _ => new(HttpMethod.Post, "/query") { Content = new StringContent(pasteJson, Encoding.UTF8, "application/json") }),
            new("POST /logs/analyze (1,000 lines)", _ => new(HttpMethod.Post, "/logs/analyze") { Content = new StringContent(paste, Encoding.UTF8, "text/plain") }),
        ];
    }
}
