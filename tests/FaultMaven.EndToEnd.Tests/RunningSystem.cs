using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.DevBroker;
using FaultMaven.Pipeline;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;
using Npgsql;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// FaultMaven as scripts/run.sh runs it: a dev broker with the pipeline's topics, a fresh migrated database on a
/// real PostgreSQL, and the built worker and API as separate processes reached over TCP and real HTTP (Kestrel).
/// </summary>
public class RunningSystem : IAsyncLifetime
{
    public const int Partitions = 4;
    public const string ClientId = "e2e-tests";
    public const string HecToken = "e2e-hec-token-0123456789abcdef";
    public const int MaxBodyBytes = 1024 * 1024;
    private static readonly string EncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly PostgresFixture postgres = new();
    private readonly string authKeys = Directory.CreateTempSubdirectory("faultmaven-auth-keys-").FullName;
    private DevKafkaCluster? broker;
    private ServiceProcess? api;

    private int workerPort;

    public ServiceProcess? Worker { get; private set; }

    public string BootstrapServers => broker!.BootstrapServers;

    public HttpClient Api { get; } = new();

    /// <summary>The admin client's bearer token, for clients other than <see cref="Api"/>.</summary>
    public string AccessToken { get; private set; } = "";

    public NpgsqlDataSource Database => postgres.DataSource;

    public string DatabaseConnectionString => postgres.ConnectionString;

    public virtual async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        broker = DevKafkaCluster.Start(new DevBrokerOptions { Port = 0, Partitions = Partitions });
        foreach (var topic in PipelineTopics.Required(Partitions))
        {
            broker.CreateTopic(topic.Name, topic.Partitions);
        }

        await StartWorker();
        var clientSecret = FmAdmin.ShownOnce(await FmAdmin.Run(postgres.ConnectionString, "create-client", ClientId, "--role", "admin"));
        Api.BaseAddress = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        api = ServiceProcess.Start("FaultMaven.Api", "faultmaven-api", ApiEnvironment(), "--urls", Api.BaseAddress.ToString());
        await api.WaitUntilReady(new Uri(Api.BaseAddress, "/readyz").ToString(), TimeSpan.FromSeconds(60));
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
        ["FAULTMAVEN__AUTH__ALLOWPLAINHTTP"] = "true",
        ["FAULTMAVEN__AUTH__ISSUER"] = Api.BaseAddress!.ToString(),
        ["FAULTMAVEN__AUTH__KEYSPATH"] = authKeys,
    };

    public async Task StartWorker()
    {
        workerPort = ServiceProcess.FreePort();
        Worker = StartWorkerProcess(workerPort, new Dictionary<string, string>());
        await Worker.WaitUntilReady(WorkerUrl("/readyz"), TimeSpan.FromSeconds(60));
    }

    /// <summary>A worker process on <paramref name="port"/> with this system's settings plus <paramref name="overrides"/>.</summary>
    public ServiceProcess StartWorkerProcess(int port, IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var environment = Environment();
        foreach (var (key, value) in overrides)
        {
            environment[key] = value;
        }

        return ServiceProcess.Start("FaultMaven.Worker", "faultmaven-worker", environment, "--urls", $"http://127.0.0.1:{port}");
    }

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

    public async Task<long> CountRows(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; the failure names what was awaited and the services' output.</summary>
    public async Task Eventually(string what, Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"not true after {timeout}: {what}\n--- worker ---\n{Worker?.Output}\n--- api ---\n{api?.Output}");
    }

    public async Task<int> CountLogs(string source) =>
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
    }

    /// <summary>Settings a test class needs beyond the defaults, as FAULTMAVEN__... environment variables.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    private Dictionary<string, string> Environment() => new(Settings)
    {
        ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = BootstrapServers,
        ["FAULTMAVEN__KAFKA__PARTITIONS"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = postgres.ConnectionString,
        ["FAULTMAVEN__DETECTION__ERRORBURST__THRESHOLD"] = "5",
        ["FAULTMAVEN__DETECTION__ERRORBURST__WINDOW"] = "00:05:00",
        ["FAULTMAVEN__INGESTION__HECTOKENS__0"] = HecToken,
        ["FAULTMAVEN__ENCRYPTION__ACTIVEKEYID"] = "E2E",
        ["FAULTMAVEN__ENCRYPTION__KEYS__E2E"] = EncryptionKey,
        ["FAULTMAVEN__INGESTION__MAXBODYBYTES"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };
}
