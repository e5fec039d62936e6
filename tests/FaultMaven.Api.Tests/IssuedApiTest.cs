using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Kafka;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FaultMaven.Api.Tests;

/// <summary>
/// A test class's own in-process API (real Kestrel) on a fresh PostgreSQL database and dev broker, trusting tokens of
/// a stub OIDC issuer. Subclasses add settings in <see cref="Configure"/> and store their data in <see cref="SeedAsync"/>.
/// </summary>
public abstract class IssuedApiTest : IAsyncLifetime
{
    private readonly PostgresFixture postgres = new();
    private readonly DevBrokerFixture broker = new();
    private StubOidcIssuer? issuer;
    private InProcessApi? api;

    protected StubOidcIssuer Issuer => issuer ?? throw new InvalidOperationException("not initialized");

    protected InProcessApi Api => api ?? throw new InvalidOperationException("not initialized");

    protected DevBrokerFixture Broker => broker;

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        issuer = await StubOidcIssuer.StartAsync();
        var settings = ApiSettings.Base(postgres.ApiConnectionString);
        settings["FaultMaven:Kafka:BootstrapServers"] = broker.BootstrapServers;
        settings["FaultMaven:Auth:Authority"] = issuer.Authority;
        settings["FaultMaven:Auth:RequireHttpsMetadata"] = "false";
        Configure(settings);
        api = new InProcessApi(settings);
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        if (issuer is not null)
        {
            await issuer.DisposeAsync();
        }

        broker.Dispose();
        await postgres.DisposeAsync();
    }

    /// <summary>Settings beyond the base ones (database, broker, issuer).</summary>
    protected virtual void Configure(Dictionary<string, string> settings)
    {
    }

    /// <summary>Data the tests need, stored through the running API's services.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Stores log lines as the worker does (its role, the API's keys): the API's own role may read logs but not write them.</summary>
    protected async Task StoreLogsAsWorkerAsync(IReadOnlyList<LogEvent> events)
    {
        await using var worker = NpgsqlDataSource.Create(postgres.WorkerConnectionString);
        await new LogRepository(worker, Api.Services.GetRequiredService<FieldCipher>()).InsertAsync(events);
    }
}

/// <summary>An <see cref="IssuedApiTest"/> shared by a test class as its fixture: the issuer, the API and the broker, public.</summary>
public abstract class SharedIssuedApi : IssuedApiTest
{
    public StubOidcIssuer TokenIssuer => Issuer;

    public InProcessApi Host => Api;

    public DevBrokerFixture RawBroker => Broker;
}
