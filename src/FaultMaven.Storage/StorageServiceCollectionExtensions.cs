using FaultMaven.Analysis.Incidents;
using FaultMaven.Storage.Audit;
using FaultMaven.Storage.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FaultMaven.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="NpgsqlDataSource"/> for <c>FaultMaven:Postgres:ConnectionString</c> (validated at start),
    /// the <see cref="FieldCipher"/> over the <c>FaultMaven:Encryption</c> keys (loaded and validated at start),
    /// the <see cref="DatabaseMigrator"/>, the repositories (the incidents' with <see cref="IncidentMetrics"/> and the
    /// <c>FaultMaven:Incidents</c> opening rule, validated at start), the <see cref="AuditLog"/> and <see cref="KeyRotation"/>, all singletons.
    /// </summary>
    public static IServiceCollection AddFaultMavenStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>()
            .Bind(configuration.GetSection(PostgresOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());
        services.TryAddSingleton(provider =>
            new NpgsqlDataSourceBuilder(provider.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString)
                .UseLoggerFactory(provider.GetService<ILoggerFactory>())
                .Build());
        services.AddOptions<EncryptionOptions>()
            .Bind(configuration.GetSection(EncryptionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>());
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<EncryptionOptions>>().Value;
            return new FieldCipher(() => KeySources.Load(options));
        });
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<LogRepository>();
        services.TryAddSingleton<FindingRepository>();
        services.TryAddSingleton<DeadLetterRepository>();
        services.AddOptions<IncidentOptions>()
            .Bind(configuration.GetSection(IncidentOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IncidentOptions>, IncidentOptionsValidator>());
        services.TryAddSingleton(provider =>
            new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod, provider.GetRequiredService<IOptions<IncidentOptions>>().Value.Opening()));
        services.AddMetrics();
        services.TryAddSingleton<IncidentMetrics>();
        services.TryAddSingleton<IncidentRepository>();
        services.TryAddSingleton<FindingFiler>();
        services.TryAddSingleton<TemplateRepository>();
        services.TryAddSingleton<FeedbackRepository>();
        services.TryAddSingleton<SessionModelRepository>();
        services.TryAddSingleton<KafkaClusterRepository>();
        services.TryAddSingleton<IngestRequestRepository>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<KeyRotation>();
        return services;
    }

    /// <summary>The storage services alone, validated (so a bad setting or key is reported now), for command-line tools.</summary>
    /// <exception cref="OptionsValidationException">A setting or an encryption key is missing or invalid.</exception>
    public static ServiceProvider BuildFaultMavenStorage(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddLogging().AddFaultMavenStorage(configuration).BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
        return services;
    }
}
