using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FaultMaven.Testing.Processes;

namespace FaultMaven.ScaleBench;

/// <summary>One phase of the outage run: answers by status, the slowest answer, and the API's resident memory over the phase.</summary>
public sealed record OutagePhase(string Name, TimeSpan Length, IReadOnlyDictionary<string, int> Answers, double SlowestMs, double MinMiB, double MaxMiB, double EndMiB);

/// <summary>What the API did while its broker was down: the phases in order, the memory it started with, and its peak.</summary>
public sealed record OutageResult(int Clients, int BodyKiB, IReadOnlyList<OutagePhase> Phases, double StartMiB, double PeakMiB)
{
    /// <summary>The run as a markdown section for docs/benchmarks.md.</summary>
    public string ToMarkdown(string command, DateTimeOffset started)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv($"## API during a broker outage ({started:yyyy-MM-dd HH:mm} UTC)"));
        md.AppendLine();
        md.AppendLine(Inv($"`{command}` on {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end: {Clients} clients post {BodyKiB} KiB bodies back to back (half `/logs/ingest`, half HEC raw; Retry-After not honoured, {BrokerOutage.ClientTimeout.TotalSeconds:F0} s client timeout). API resident memory at the start {StartMiB:F0} MiB, peak {PeakMiB:F0} MiB."));
        md.AppendLine();
        md.AppendLine("| phase | s | answers | slowest, ms | RSS min / max / end, MiB |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var phase in Phases)
        {
            var answers = string.Join(", ", phase.Answers.OrderByDescending(a => a.Value).Select(a => Inv($"{a.Value}× {a.Key}")));
            md.AppendLine(Inv($"| {phase.Name} | {phase.Length.TotalSeconds:F0} | {answers} | {phase.SlowestMs:F0} | {phase.MinMiB:F0} / {phase.MaxMiB:F0} / {phase.EndMiB:F0} |"));
        }

        return md.ToString();
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Issue 16's broker outage, seen from the API: <see cref="Clients"/> clients keep posting <see cref="BodyKiB"/> KiB
/// bodies, half to <c>/logs/ingest</c> and half to HEC raw, without honouring <c>Retry-After</c> (the worst case: a
/// shipper that only retries), while the dev broker runs, is killed for the outage, and a new empty one is started on
/// the same port. The API's resident memory is sampled every 250 ms. No worker runs, so the <c>logs.raw</c> lag limit
/// is lifted for the run (otherwise flow control would refuse for lag before the outage); refusals during the
/// outage come from the lag that cannot be read. Each request gives up after <see cref="ClientTimeout"/>, as a
/// shipper's HTTP client would, and is counted as <c>timeout</c>.
/// </summary>
public static class BrokerOutage
{
    public const int Clients = 8;
    public const int BodyKiB = 256;
    public const string HecToken = "scalebench-outage-hec-token";
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Before = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan After = TimeSpan.FromSeconds(30);

    /// <summary>Settings of the API for this run: the broker, a HEC token, no rate limit and no <c>logs.raw</c> lag limit (see the type's remarks).</summary>
    public static Dictionary<string, string> ApiSettings(string bootstrap) => new()
    {
        ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = bootstrap,
        ["FAULTMAVEN__INGESTION__HECTOKENS__0"] = HecToken,
        ["FAULTMAVEN__RATELIMITS__INGESTION__PERMITLIMIT"] = "1000000",
        ["FAULTMAVEN__INGESTION__FLOWCONTROL__MAXLAGRECORDS__logs.raw"] = "0",
    };

    /// <summary>A dev broker on <paramref name="port"/>, started as scripts/run.sh starts it; its bootstrap address once it listens.</summary>
    public static async Task<(ServiceProcess Broker, string Bootstrap)> StartBrokerAsync(string folder, int port)
    {
        var bootstrapFile = Path.Combine(folder, "broker.bootstrap");
        File.Delete(bootstrapFile);
        var broker = ServiceProcess.Start(
            "FaultMaven.DevBroker", "faultmaven-devbroker", new Dictionary<string, string>(),
            "--port", port.ToString(CultureInfo.InvariantCulture), "--partitions", "8", "--bootstrap-file", bootstrapFile);
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(bootstrapFile))
        {
            if (broker.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException($"the dev broker did not start:\n{broker.Output}");
            }

            await Task.Delay(100);
        }

        return (broker, (await File.ReadAllTextAsync(bootstrapFile)).Trim());
    }

    /// <summary>Runs the three phases: broker up for <see cref="Before"/>, killed for <paramref name="outage"/>, a new one up for <see cref="After"/>.</summary>
    public static async Task<OutageResult> RunAsync(ApiUnderTest api, ServiceProcess broker, Func<Task<ServiceProcess>> startBrokerAgain, TimeSpan outage, Action<string> log)
    {
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, BodyKiB * 1024 / 64).Select(i => $"2026-12-01T00:00:00Z INFO outage bench line {i:D8} ........\n")));
        var phase = new PhaseCounter(api);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(() => PostUntilStoppedAsync(api, client, body, phase, stop.Token))).ToList();
        var sampler = Task.Run(() => phase.SampleUntilStoppedAsync(stop.Token));

        var phases = new List<OutagePhase>();
        phases.Add(await phase.RunAsync("broker up", Before));
        log($"killing the dev broker for {outage.TotalSeconds:F0} s");
        await broker.Kill();
        phases.Add(await phase.RunAsync("broker down", outage));
        log("starting a new, empty dev broker on the same port");
        var again = await startBrokerAgain();
        phases.Add(await phase.RunAsync("broker back", After));
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        await sampler;
        await again.DisposeAsync();
        return new OutageResult(Clients, BodyKiB, phases, phase.StartMiB, phases.Max(p => p.MaxMiB));
    }

    private static async Task PostUntilStoppedAsync(ApiUnderTest api, int client, byte[] body, PhaseCounter phase, CancellationToken stop)
    {
        var hec = client % 2 == 1;
        while (!stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hec ? $"/services/collector/raw?source=outage-{client}" : $"/logs/ingest?source=outage-{client}")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("text/plain") } },
            };
            if (hec)
            {
                request.Headers.TryAddWithoutValidation("Authorization", $"Splunk {HecToken}");
            }

            var timer = Stopwatch.StartNew();
            string answer;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(ClientTimeout);
            try
            {
                using var response = await api.Http.SendAsync(request, timeout.Token);
                await response.Content.ReadAsByteArrayAsync(timeout.Token);
                answer = response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null
                    ? "503 without Retry-After"
                    : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                answer = "timeout";
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException exception)
            {
                answer = $"connection error ({exception.HttpRequestError})";
            }

            phase.Count(answer, timer.Elapsed);
        }
    }

    /// <summary>Answers and memory of the phase running now; thread-safe.</summary>
    private sealed class PhaseCounter(ApiUnderTest api)
    {
        private readonly Lock gate = new();
        private Dictionary<string, int> answers = [];
        private double slowestMs;
        private double minMiB = double.MaxValue;
        private double maxMiB;

        public double StartMiB { get; } = api.Memory().Resident;

        public void Count(string answer, TimeSpan elapsed)
        {
            lock (gate)
            {
                answers[answer] = answers.GetValueOrDefault(answer) + 1;
                slowestMs = Math.Max(slowestMs, elapsed.TotalMilliseconds);
            }
        }

        public async Task SampleUntilStoppedAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var resident = api.Memory().Resident;
                lock (gate)
                {
                    minMiB = Math.Min(minMiB, resident);
                    maxMiB = Math.Max(maxMiB, resident);
                }

                try
                {
                    await Task.Delay(250, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>Lets the phase run for <paramref name="length"/>, then closes it and starts counting the next.</summary>
        public async Task<OutagePhase> RunAsync(string name, TimeSpan length)
        {
            await Task.Delay(length);
            var end = api.Memory().Resident;
            lock (gate)
            {
                var closed = new OutagePhase(name, length, answers, slowestMs, Math.Min(minMiB, end), Math.Max(maxMiB, end), end);
                (answers, slowestMs, minMiB, maxMiB) = ([], 0, double.MaxValue, 0);
                return closed;
            }
        }
    }
}
