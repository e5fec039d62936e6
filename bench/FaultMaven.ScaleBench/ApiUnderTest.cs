using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using FaultMaven.Testing.Processes;

namespace FaultMaven.ScaleBench;

/// <summary>
/// The Release build of the API as its own process on https://127.0.0.1 (a self-signed certificate made for the run),
/// over the bench's PostgreSQL, with its embedded token server; a responder client made by <c>fm admin</c> gets the
/// token. The broker address is unreachable on purpose: the measured endpoints read PostgreSQL and the vector index only.
/// The per-caller analysis rate limit is lifted (one client makes every request) and the analysis queue is 64, so that
/// 32 clients measure latency rather than refusals; refusals would be counted.
/// </summary>
public sealed class ApiUnderTest : IAsyncDisposable
{
    /// <summary>The responder client the bench creates with <c>fm admin create-client</c>.</summary>
    public const string ClientId = "scalebench";

    private readonly ServiceProcess process;

    private ApiUnderTest(ServiceProcess process, Uri address, HttpClient http, string indexPath)
    {
        this.process = process;
        Address = address;
        Http = http;
        IndexPath = indexPath;
    }

    public Uri Address { get; }

    /// <summary>Keep-alive HTTPS with the bearer token; at most 64 connections.</summary>
    public HttpClient Http { get; }

    public string IndexPath { get; }

    public int ProcessId => process.Id;

    public string Output => process.Output;

    /// <summary>Starts the API and waits until <c>/healthz</c> answers; the caller waits for the vector index through <see cref="IndexPath"/>.</summary>
    /// <param name="settings">Environment variables that replace or add to the defaults above (e.g. a reachable broker).</param>
    public static async Task<ApiUnderTest> StartAsync(
        string folder, string connectionString, string keyFile, string clientSecret, string indexPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (certificatePath, keyPath, thumbprint) = Certificate(folder);
        var address = new Uri($"https://127.0.0.1:{ServiceProcess.FreePort()}");

        var process = ServiceProcess.Start("FaultMaven.Api", "faultmaven-api", new Dictionary<string, string>
        {
            ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = connectionString,
            ["FAULTMAVEN__ENCRYPTION__KEYFILE"] = keyFile,
            ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = "127.0.0.1:9",
            ["FAULTMAVEN__TLS__CERTIFICATEPATH"] = certificatePath,
            ["FAULTMAVEN__TLS__KEYPATH"] = keyPath,
            ["FAULTMAVEN__AUTH__KEYSPATH"] = Path.Combine(folder, "auth-keys"),
            ["FAULTMAVEN__VECTORSTORE__INDEXPATH"] = indexPath,
            ["FAULTMAVEN__RATELIMITS__ANALYSIS__PERMITLIMIT"] = "1000000",
            ["FAULTMAVEN__ANALYSISCONCURRENCY__QUEUELIMIT"] = "64",
            ["Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware"] = "Warning",
        }.Concat(settings ?? new Dictionary<string, string>()).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Last().Value), "--urls", address.ToString());
        try
        {
            var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 64,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint,
                },
            }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            await WaitUntilHealthyAsync(process, http);
            using var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = ClientId, ["client_secret"] = clientSecret,
            }));
            var body = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement;
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
            return new ApiUnderTest(process, address, http, indexPath);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The API's own tally of vector-store searches so far, from its <c>/metrics</c> histogram
    /// <c>faultmaven_vectorstore_query_duration_seconds</c> (VectorStoreMetrics): how many, and their seconds in all.
    /// </summary>
    public async Task<(double Count, double Seconds)> VectorQueriesAsync()
    {
        var lines = await MetricsAsync();
        return (Sum(lines, "faultmaven_vectorstore_query_duration_seconds_count"), Sum(lines, "faultmaven_vectorstore_query_duration_seconds_sum"));
    }

    /// <summary>
    /// The API's own tally of query-text embeddings so far (<c>faultmaven_vectorstore_query_embedding_duration_seconds</c>):
    /// how many, how many its cache answered, and their seconds in all.
    /// </summary>
    public async Task<(double Count, double Hits, double Seconds)> QueryEmbeddingsAsync()
    {
        var lines = await MetricsAsync();
        const string series = "faultmaven_vectorstore_query_embedding_duration_seconds";
        return (Sum(lines, $"{series}_count"), lines.Where(line => line.StartsWith($"{series}_count{{", StringComparison.Ordinal) && line.Contains("cache=\"hit\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)), Sum(lines, $"{series}_sum"));
    }

    /// <summary>The vectors the API's embedded index holds (its gauge <c>faultmaven_vectorstore_vectors</c>), which reaches the incident count only once a rebuild from PostgreSQL has finished.</summary>
    public async Task<double> IndexedVectorsAsync() => Sum(await MetricsAsync(), "faultmaven_vectorstore_vectors");

    private async Task<string[]> MetricsAsync() => (await Http.GetStringAsync("/metrics")).Split('\n');

    private static double Sum(string[] lines, string series) => lines.Where(line => line.StartsWith(series, StringComparison.Ordinal) && line[series.Length] is ' ' or '{')
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    // ServiceProcess.WaitUntilReady trusts no self-signed certificate, and plain HTTP is redirected to HTTPS.
    private static async Task WaitUntilHealthyAsync(ServiceProcess process, HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the API exited with {process.ExitCode}:\n{process.Output}");
            }

            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"the API did not answer /healthz within 3 minutes:\n{process.Output}");
    }

    /// <summary>Resident and peak resident memory of the API process, MiB.</summary>
    public (double Resident, double Peak) Memory() => process.Memory();

    /// <summary>CPU time the API process has used (user + system).</summary>
    public TimeSpan CpuTime() => process.CpuTime();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await process.Signal("TERM", TimeSpan.FromSeconds(30));
        await process.DisposeAsync();
    }

    private static (string CertificatePath, string KeyPath, string Thumbprint) Certificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var certificatePath = Path.Combine(folder, "api.crt");
        var keyPath = Path.Combine(folder, "api.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath, certificate.GetCertHashString());
    }
}
