using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.DevBroker;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;
using Npgsql;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// FaultMaven as scripts/run.sh runs it: a dev broker with the pipeline's topics, a fresh migrated database on a
/// real PostgreSQL, and the built worker and API as separate processes reached over TCP and real HTTP (Kestrel),
/// connected as their own roles (faultmaven_worker, faultmaven_api), so a privilege they lack fails these tests.
/// </summary>
public class RunningSystem : IAsyncLifetime
{
    public const int Partitions = 4;
    public const string ClientId = "e2e-tests";
    public const string HecToken = "e2e-hec-token-0123456789abcdef";
    // Room for a body with a 3 MB line (IngestionTests).
    public const int MaxBodyBytes = 4 * 1024 * 1024;
    private const string EncryptionKeyId = "E2E";
    private static readonly string EncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly PostgresFixture postgres = new();
    private readonly string authKeys = Directory.CreateTempSubdirectory("faultmaven-auth-keys-").FullName;
    // Each system's own vector index files: test classes run systems side by side, and the default path is beside the build.
    private readonly string indexes = Directory.CreateTempSubdirectory("faultmaven-e2e-indexes-").FullName;
    private readonly List<string> earlierWorkerOutputs = [];
    private DevKafkaCluster? broker;
    private string bootstrapServers = "";
    private ServiceProcess? api;

    private int workerPort;

    public ServiceProcess? Worker { get; private set; }

    /// <summary>Everything the API process wrote to stdout and stderr so far (its JSON log lines).</summary>
    public string ApiOutput => api?.Output ?? "";

    public string BootstrapServers => bootstrapServers;

    public HttpClient Api { get; } = new();

    /// <summary>The admin client's bearer token, for clients other than <see cref="Api"/>.</summary>
    public string AccessToken { get; private set; } = "";

    public NpgsqlDataSource Database => postgres.DataSource;

    /// <summary>Opens what the worker sealed (its encryption key), for tests that count lines in rows' attributes and dead letters' payloads.</summary>
    public FieldCipher Cipher { get; } = new(() => new KeyRing(new Dictionary<string, byte[]> { [EncryptionKeyId] = Convert.FromBase64String(EncryptionKey) }, EncryptionKeyId));

    public string DatabaseConnectionString => postgres.ConnectionString;

    /// <summary>
    /// Starts the database and broker, then the worker and the API side by side: neither waits on the other, and a
    /// worker's start (JIT, joining its consumer groups) is mostly waiting, which the API's start fills.
    /// </summary>
    public virtual async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        bootstrapServers = await StartBroker();
        await Task.WhenAll(StartWorker(), StartApi());
    }

    private async Task StartApi()
    {
        var clientSecret = FmAdmin.ShownOnce(await FmAdmin.Run(postgres.ConnectionString, "create-client", ClientId, "--role", "admin"));
        // The token issuer is the API's own address, so the address is set before each start.
        (api, _) = await ServiceProcess.StartOnFreePort(
            port =>
            {
                Api.BaseAddress = new Uri($"http://127.0.0.1:{port}");
                return ServiceProcess.Start("FaultMaven.Api", "faultmaven-api", ApiEnvironment(), "--urls", Api.BaseAddress.ToString());
            },
            port => $"http://127.0.0.1:{port}/readyz",
            Progress.DefaultStall);
        AccessToken = await ClientCredentialsToken(clientSecret);
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
    }

    private async Task<string> ClientCredentialsToken(string secret)
    {
        using var response = await Api.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = secret,
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private Dictionary<string, string> ApiEnvironment() => new(Environment())
    {
        ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = postgres.ApiConnectionString,
        ["FAULTMAVEN__AUTH__ALLOWPLAINHTTP"] = "true",
        ["FAULTMAVEN__AUTH__ISSUER"] = Api.BaseAddress!.ToString(),
        ["FAULTMAVEN__AUTH__KEYSPATH"] = authKeys,
        ["FAULTMAVEN__VECTORSTORE__INDEXPATH"] = Path.Combine(indexes, "api-incidents.usearch"),
    };

    /// <summary>Starts the dev broker with the pipeline's topics and returns its bootstrap servers; in this process unless overridden.</summary>
    protected virtual Task<string> StartBroker()
    {
        broker = DevKafkaCluster.Start(new DevBrokerOptions { Port = 0, Partitions = Partitions }, PipelineTopics.Required(Partitions));
        return Task.FromResult(broker.BootstrapServers);
    }

    /// <summary>Starts a worker; a previous one (killed by a test) keeps its output for the failure messages.</summary>
    public async Task StartWorker()
    {
        if (Worker is not null)
        {
            earlierWorkerOutputs.Add(Worker.Output);
        }

        (Worker, workerPort) = await ServiceProcess.StartOnFreePort(
            port => StartWorkerProcess(port, new Dictionary<string, string>()), port => $"http://127.0.0.1:{port}/readyz", Progress.DefaultStall);
    }

    /// <summary>A worker process on <paramref name="port"/> with this system's settings plus <paramref name="overrides"/>.</summary>
    public ServiceProcess StartWorkerProcess(int port, IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var environment = Environment();
        environment["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = postgres.WorkerConnectionString;
        environment["FAULTMAVEN__VECTORSTORE__INDEXPATH"] = Path.Combine(indexes, "worker-incidents.usearch");
        foreach (var (key, value) in overrides)
        {
            environment[key] = value;
        }

        return ServiceProcess.Start("FaultMaven.Worker", "faultmaven-worker", environment, "--urls", $"http://127.0.0.1:{port}");
    }

    /// <summary>Ends the dev broker, as a crash of the process holding it would: its topics and offsets are gone.</summary>
    public void StopBroker() => broker?.Dispose();

    public string WorkerUrl(string path) => $"http://127.0.0.1:{workerPort}{path}";

    public void Produce(string source, IEnumerable<string> lines)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 5 }).Build();
        foreach (var line in lines)
        {
            producer.Produce(Topics.Raw, new Message<string, string> { Key = source, Value = line });
        }

        var undelivered = producer.Flush(TimeSpan.FromSeconds(30));
        if (undelivered > 0)
        {
            throw new TimeoutException($"{undelivered} records not delivered to {BootstrapServers}");
        }
    }

    /// <summary>The single count a query returns; <paramref name="parameters"/> fill <c>$1</c>, <c>$2</c>, ….</summary>
    public async Task<long> CountRows(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, failing only when the pipeline has stopped moving for a long
    /// interval (<see cref="Progress.Until"/>, with <see cref="PipelineProgress"/>); the failure shows <see cref="Diagnostics"/>.
    /// </summary>
    public Task Eventually(string what, Func<Task<bool>> condition) => Progress.Until(what, condition, PipelineProgress, Diagnostics);

    /// <summary>Committed and end offsets of every consumer group, added up: it changes while records flow.</summary>
    public Task<long> PipelineProgress()
    {
        return Task.Run(() => ReadLag().Partitions.Sum(partition => partition.Position + partition.High));
    }

    /// <summary>
    /// Waits while <paramref name="count"/> keeps rising until it reaches <paramref name="expected"/>, and fails if it
    /// stalls (<see cref="Progress.UntilCount"/>) or overshoots.
    /// </summary>
    public async Task WaitForCount(string what, Func<Task<long>> count, long expected)
    {
        var reached = await Progress.UntilCount(what, count, value => value >= expected, Diagnostics);
        Assert.True(reached == expected, $"{what}: {reached} instead of {expected}\n{await Diagnostics()}");
    }

    /// <summary>
    /// Waits until every consumer group has committed all it was given, so that nothing still in flight can change
    /// what a test counts next; fails when the total lag stops moving (<see cref="Progress.UntilCount"/>).
    /// </summary>
    public async Task WaitUntilCaughtUp()
    {
        await Progress.UntilCount(
            "every consumer group caught up (total lag 0)",
            () => Task.Run(() => ReadLag().Partitions.Sum(partition => partition.Lag)),
            lag => lag == 0,
            Diagnostics);
    }

    /// <summary>
    /// Every pipeline group's committed offsets and watermarks, as flow control and <c>fm status</c> read them, and the
    /// stream's on its repartition topics, which they leave out: the error-burst windows are counted behind one, and
    /// a test that reads findings must wait for it too.
    /// </summary>
    private LagReading ReadLag()
    {
        var options = new KafkaOptions { BootstrapServers = BootstrapServers };
        using var reader = new ConsumerLagReader(options);
        var repartitions = PipelineTopics.Internal(LogPipelineTopology.Describe(), options.ApplicationId)
            .Where(topic => topic.EndsWith("-repartition", StringComparison.Ordinal))
            .Select(topic => (options.ApplicationId, topic));
        return reader.Read(TimeSpan.FromSeconds(10), ConsumerGroups.All(options).Concat(repartitions));
    }

    /// <summary>Rows in <c>logs</c> for <paramref name="source"/>, counted in the database.</summary>
    public Task<long> StoredLines(string source) => CountRows("SELECT count(*) FROM logs WHERE source = $1", source);

    /// <summary>
    /// The state of the pipeline for a failure message: each consumer group's committed and end offsets and its lag,
    /// and the last lines of the worker (and of workers killed earlier) and of the API.
    /// </summary>
    public async Task<string> Diagnostics()
    {
        var text = new System.Text.StringBuilder("--- consumer groups (committed of end offsets) ---\n");
        try
        {
            var reading = await Task.Run(ReadLag);
            foreach (var group in reading.Partitions.GroupBy(p => (p.Group, p.Topic)))
            {
                text.AppendLine($"{group.Key.Group} on {group.Key.Topic}: committed {group.Sum(p => p.Position)} of {group.Sum(p => p.High)}, lag {group.Sum(p => p.Lag)}");
            }
        }
        catch (KafkaException exception)
        {
            text.AppendLine($"consumer groups not readable ({exception.Message})");
        }

        foreach (var (output, run) in earlierWorkerOutputs.Select((output, i) => (output, i + 1)))
        {
            text.AppendLine($"--- worker, run {run} (stopped) ---").AppendLine(Progress.Tail(output));
        }

        text.AppendLine($"--- worker, {Describe(Worker)} ---").AppendLine(Progress.Tail(Worker?.Output ?? ""));
        text.AppendLine($"--- api, {Describe(api)} ---").AppendLine(Progress.Tail(api?.Output ?? ""));
        return text.ToString();
    }

    private static string Describe(ServiceProcess? service) =>
        service is null ? "not started" : service.HasExited ? $"exited with {service.ExitCode}" : "running";

    /// <summary>Lines of <paramref name="source"/> as the API lists them (up to 1000).</summary>
    public async Task<long> CountLogs(string source) =>
        (await GetJson($"/logs?source={Uri.EscapeDataString(source)}&limit=1000")).GetProperty("items").GetArrayLength();

    public async Task<JsonElement> GetJson(string path)
    {
        var response = await Api.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public virtual async Task DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        if (api is not null)
        {
            await api.DisposeAsync();
        }

        Api.Dispose();
        broker?.Dispose();
        await postgres.DisposeAsync();
        Directory.Delete(authKeys, recursive: true);
        Directory.Delete(indexes, recursive: true);
    }

    /// <summary>Settings a test class needs beyond the defaults, as FAULTMAVEN__... environment variables.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    private Dictionary<string, string> Environment() => new(Settings)
    {
        ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = BootstrapServers,
        ["FAULTMAVEN__KAFKA__PARTITIONS"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["FAULTMAVEN__DETECTION__ERRORBURST__THRESHOLD"] = "5",
        ["FAULTMAVEN__DETECTION__ERRORBURST__WINDOW"] = "00:05:00",
        ["FAULTMAVEN__INGESTION__HECTOKENS__0"] = HecToken,
        ["FAULTMAVEN__ENCRYPTION__ACTIVEKEYID"] = EncryptionKeyId,
        [$"FAULTMAVEN__ENCRYPTION__KEYS__{EncryptionKeyId}"] = EncryptionKey,
        ["FAULTMAVEN__INGESTION__MAXBODYBYTES"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Serilog__MinimumLevel__Default"] = "Warning",
        // FaultMaven's own start-up and sink messages, for the failure messages' log tails.
        ["Serilog__MinimumLevel__Override__FaultMaven"] = "Information",
    };
}
