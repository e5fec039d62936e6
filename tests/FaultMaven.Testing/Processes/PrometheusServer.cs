using System.Net.Http.Json;
using System.Text.Json;

namespace FaultMaven.Testing.Processes;

/// <summary>
/// Debian's real prometheus (scripts/test.sh installs it) scraping the given targets every second, its configuration
/// and data in a temporary folder; the process and the folder are gone on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly ServiceProcess process;
    private readonly string folder;
    private readonly HttpClient http;
    private bool disposed;

    private PrometheusServer(ServiceProcess process, string folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
        http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public string Output => process.Output;

    /// <summary>Starts prometheus on <paramref name="address"/> (a free loopback port when null) and waits until it is ready.</summary>
    /// <param name="targets">Scrape job name to the <c>host:port</c> whose <c>/metrics</c> it scrapes.</param>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, string> targets, Uri? address = null)
    {
        address ??= new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        var folder = Directory.CreateTempSubdirectory("fm-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        var jobs = string.Concat(targets.Select(target => $"""

              - job_name: {target.Key}
                static_configs:
                  - targets: ["{target.Value}"]
            """));
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:{jobs}

            """);
        var process = ServiceProcess.StartProgram(
            Executable, $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address={address.Authority}");
        var server = new PrometheusServer(process, folder, address);
        try
        {
            await process.WaitUntilReady($"{address}-/ready", TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The <c>data.result</c> array of an instant query through the HTTP API (<c>/api/v1/query</c>).</summary>
    public async Task<JsonElement> QueryAsync(string promql) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(promql)}")).GetProperty("data").GetProperty("result");

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        http.Dispose();
        await process.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
