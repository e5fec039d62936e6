using FaultMaven.Contracts;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FaultMaven.Storage.Tests;

public sealed class StorageRegistrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public void Startup_validation_names_the_missing_connection_string_setting()
    {
        using var services = Provider(connectionString: null);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("FaultMaven:Postgres:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_npgsql_cannot_parse_is_reported_as_invalid()
    {
        using var services = Provider("Hots=127.0.0.1;Database=faultmaven");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<NpgsqlDataSource>());

        Assert.Contains("FaultMaven:Postgres:ConnectionString is not a valid Npgsql connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_validation_names_a_bad_encryption_key()
    {
        using var services = Provider(postgres.ConnectionString, encryptionKey: "AAAA");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Encryption key 'a' is 3 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_validation_names_a_bad_incident_opening_severity_and_kind()
    {
        using var services = Provider(postgres.ConnectionString, incidents: new()
        {
            ["FaultMaven:Incidents:OpeningSeverity"] = "urgent",
            ["FaultMaven:Incidents:OpeningSeverityByKind:rate-chnge"] = "error",
            ["FaultMaven:Incidents:OpeningSeverityByKind:silence"] = "5",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("FaultMaven:Incidents:OpeningSeverity 'urgent' is not a severity; use one of unknown, trace, debug, info, warn, error, fatal", error.Message, StringComparison.Ordinal);
        Assert.Contains("FaultMaven:Incidents:OpeningSeverityByKind:rate-chnge: 'rate-chnge' is not a finding kind; use one of error-burst,", error.Message, StringComparison.Ordinal);
        Assert.Contains("FaultMaven:Incidents:OpeningSeverityByKind:silence '5' is not a severity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configured_opening_severity_decides_which_findings_open_an_incident_and_a_kind_may_have_its_own()
    {
        using var services = Provider(postgres.ConnectionString, incidents: new()
        {
            ["FaultMaven:Incidents:OpeningSeverity"] = "Error",
            ["FaultMaven:Incidents:OpeningSeverityByKind:SILENCE"] = "warn",
        });
        var warning = Samples.Finding(Samples.UniqueName("warn"), Samples.UniqueName("configured"), 3) with { Kind = "rate-change", Severity = Severity.Warn };
        var silence = Samples.Finding(Samples.UniqueName("silence"), Samples.UniqueName("configured"), 3) with { Kind = "silence", Severity = Severity.Warn };

        var filed = await services.GetRequiredService<FindingFiler>().FileAsync([warning, silence]);

        Assert.Equal([silence.Id], filed.Keys);
        Assert.Equal(Severity.Warn, services.GetRequiredService<IncidentRepository>().Opening.OpeningSeverityOf("silence"));
    }

    [Fact]
    public async Task Configured_storage_resolves_repositories_on_the_configured_database()
    {
        using var services = Provider(postgres.ConnectionString);
        var source = Samples.UniqueName("registered");

        Assert.Empty(await services.GetRequiredService<DatabaseMigrator>().MigrateAsync());
        Assert.Equal(2, await services.GetRequiredService<LogRepository>().InsertAsync(Samples.Logs(source, 0, 2)));
        Assert.Equal(2, (await new LogRepository(postgres.DataSource, TestKeys.Cipher).QueryAsync(new LogQuery { Source = source })).Items.Count);
    }

    private static ServiceProvider Provider(string? connectionString, string? encryptionKey = null, Dictionary<string, string?>? incidents = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FaultMaven:Postgres:ConnectionString"] = connectionString,
                ["FaultMaven:Encryption:ActiveKeyId"] = "a",
                ["FaultMaven:Encryption:Keys:a"] = encryptionKey ?? Convert.ToBase64String(TestKeys.A),
            })
            .AddInMemoryCollection(incidents ?? [])
            .Build();
        return new ServiceCollection().AddLogging().AddFaultMavenStorage(configuration).BuildServiceProvider();
    }
}
