using System.Globalization;
using FaultMaven.Pipeline;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Processes;

namespace FaultMaven.LoadDriver;

/// <summary>
/// FaultMaven started as scripts/run.sh starts it, all on 127.0.0.1 under one temporary folder: PostgreSQL through
/// scripts/lib/postgres.sh (default server settings, a free port), an encryption key file through scripts/lib/keys.sh,
/// the dev broker and the worker (which applies the migrations) from their Release builds. The API is not started:
/// the push goes to Kafka, as <c>fm push</c> does.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    private readonly string folder;
    private readonly List<(string Name, ServiceProcess Process)> services = [];
    private bool postgresStarted;
    private Dictionary<string, string> workerEnvironment = [];

    private SystemUnderTest(string folder) => this.folder = folder;

    public string Folder => folder;

    public string PostgresConnectionString { get; private set; } = "";

    public KafkaOptions Kafka { get; private set; } = new();

    public FieldCipher Cipher { get; private set; } = null!;

    public ServiceProcess Broker { get; private set; } = null!;

    public ServiceProcess Worker { get; private set; } = null!;

    public string WorkerUrl { get; private set; } = "";

    /// <summary>The postmaster's process id, from the first line of postmaster.pid.</summary>
    public int PostmasterId => int.Parse(File.ReadLines(Path.Combine(folder, "pg", "cluster", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    /// <summary>Starts PostgreSQL, the dev broker and the worker; when it fails or <paramref name="cancellationToken"/> is
    /// cancelled part way, what had started is stopped and the folder deleted before the exception propagates.</summary>
    /// <exception cref="OperationCanceledException">Cancelled (the driver was interrupted) before the worker was ready.</exception>
    public static async Task<SystemUnderTest> StartAsync(int partitions, Action<string> log, CancellationToken cancellationToken)
    {
        // Short, because PostgreSQL's socket path must fit in 107 bytes; world-traversable, because the server runs as `postgres`.
        var folder = Directory.CreateTempSubdirectory("fm-load-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var system = new SystemUnderTest(folder);
        try
        {
            await system.StartServicesAsync(partitions, log, cancellationToken);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartServicesAsync(int partitions, Action<string> log, CancellationToken cancellationToken)
    {
        log($"starting PostgreSQL (scripts/lib/postgres.sh) in {folder}/pg");
        postgresStarted = true;
        var settings = await RunScriptAsync(
            """fm_pg_install && fm_pg_start "$1/pg" && fm_keys_ensure "$1/keys.json" && printf '%s\n%s\n%s\n' "$FAULTMAVEN__POSTGRES__CONNECTIONSTRING" "$FAULTMAVEN__ENCRYPTION__KEYFILE" "$FAULTMAVEN_PG_WORKER_CONNECTIONSTRING" """);
        var lines = settings.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        PostgresConnectionString = lines[0];
        var keyFile = lines[1];
        var workerConnectionString = lines[2];
        cancellationToken.ThrowIfCancellationRequested();
        log("migrating (fm migrate, as the owner)");
        await FmAdmin.Migrate(PostgresConnectionString);
        Cipher = new FieldCipher(() => KeySources.Load(new EncryptionOptions { KeyFile = keyFile }));

        cancellationToken.ThrowIfCancellationRequested();
        log($"starting the dev broker ({partitions} partitions per topic)");
        var bootstrapFile = Path.Combine(folder, "broker.bootstrap");
        Broker = Start("FaultMaven.DevBroker", "faultmaven-devbroker", new Dictionary<string, string>(),
            "--port", "0", "--partitions", partitions.ToString(CultureInfo.InvariantCulture), "--bootstrap-file", bootstrapFile);
        var bootstrap = await WaitForFileAsync(bootstrapFile, Broker, TimeSpan.FromSeconds(60), cancellationToken);
        Kafka = new KafkaOptions { BootstrapServers = bootstrap, Partitions = partitions };

        log("starting the worker");
        WorkerUrl = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        workerEnvironment = new Dictionary<string, string>
        {
            ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = bootstrap,
            ["FAULTMAVEN__KAFKA__PARTITIONS"] = partitions.ToString(CultureInfo.InvariantCulture),
            ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = workerConnectionString,
            ["FAULTMAVEN__ENCRYPTION__KEYFILE"] = keyFile,
            ["FAULTMAVEN__VECTORSTORE__INDEXPATH"] = Path.Combine(folder, "worker-incidents.usearch"),
        };
        await StartWorkerAsync(cancellationToken);
    }

    /// <summary>Kills the worker with SIGKILL, as the OOM killer or a lost node would, and starts a new one with the same settings.</summary>
    public async Task KillAndRestartWorkerAsync()
    {
        var killed = services.FindIndex(service => service.Process == Worker);
        await Worker.Kill();
        await File.WriteAllTextAsync(Path.Combine(folder, $"faultmaven-worker-killed-{killed}-{Worker.Id}.log"), Worker.Output);
        await Worker.DisposeAsync();
        services.RemoveAt(killed);
        await StartWorkerAsync(CancellationToken.None);
    }

    private async Task StartWorkerAsync(CancellationToken cancellationToken)
    {
        Worker = Start("FaultMaven.Worker", "faultmaven-worker", workerEnvironment, "--urls", WorkerUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Worker.WaitUntil($"{WorkerUrl}/readyz ready", async () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return (await http.GetAsync($"{WorkerUrl}/readyz", cancellationToken)).IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(120));
    }

    /// <summary>Stops the worker gracefully, then the broker, then PostgreSQL, and deletes the folder.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(deleteFolder: true);

    /// <summary>Stops the worker gracefully, then the broker, then PostgreSQL; unless the folder is deleted, it keeps each service's output as NAME.log.</summary>
    public async Task StopAsync(bool deleteFolder)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var (name, service) = services[i];
            var stopped = "";
            try
            {
                await service.Signal("TERM", TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
            }
            catch (TimeoutException)
            {
                // Its output is what tells why; keep it, then kill it, so the rest still stops.
                stopped = "\n==> still running 30 s after SIGTERM: killed by the load driver\n";
            }

            await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.log"), service.Output + stopped);
            await service.DisposeAsync();
        }

        services.Clear();
        if (postgresStarted)
        {
            postgresStarted = false;
            await RunScriptAsync(deleteFolder ? """fm_pg_stop "$1/pg" && rm -rf "$1" """ : """fm_pg_stop "$1/pg" """);
        }
    }

    private ServiceProcess Start(string project, string assembly, Dictionary<string, string> environment, params string[] arguments)
    {
        var service = ServiceProcess.Start(project, assembly, environment, arguments);
        services.Add((assembly, service));
        return service;
    }

    private static async Task<string> WaitForFileAsync(string path, ServiceProcess owner, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && (await File.ReadAllTextAsync(path)).Trim() is { Length: > 0 } content)
            {
                return content;
            }

            if (owner.HasExited)
            {
                throw new InvalidOperationException($"the dev broker exited with {owner.ExitCode}:\n{owner.Output}");
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"{path} did not appear within {timeout}:\n{owner.Output}");
    }

    private Task<string> RunScriptAsync(string command) => ScriptLib.RunAsync(folder, command);
}
