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
    public async Task Configured_storage_resolves_repositories_on_the_configured_database()
    {
        using var services = Provider(postgres.ConnectionString);
        var source = Samples.UniqueName("registered");

        Assert.Empty(await services.GetRequiredService<DatabaseMigrator>().MigrateAsync());
        Assert.Equal(2, await services.GetRequiredService<LogRepository>().InsertAsync(Samples.Logs(source, 0, 2)));
        Assert.Equal(2, (await new LogRepository(postgres.DataSource, TestKeys.Cipher).QueryAsync(new LogQuery { Source = source })).Items.Count);
    }

    private static ServiceProvider Provider(string? connectionString, string? encryptionKey = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FaultMaven:Postgres:ConnectionString"] = connectionString,
                ["FaultMaven:Encryption:ActiveKeyId"] = "a",
                ["FaultMaven:Encryption:Keys:a"] = encryptionKey ?? Convert.ToBase64String(TestKeys.A),
            })
            .Build();
        return new ServiceCollection().AddLogging().AddFaultMavenStorage(configuration).BuildServiceProvider();
    }
}
