using FaultMaven.Analysis.Incidents;
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
    /// the <see cref="DatabaseMigrator"/> and the repositories, all singletons.
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
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<LogRepository>();
        services.TryAddSingleton<FindingRepository>();
        services.TryAddSingleton<DeadLetterRepository>();
        services.TryAddSingleton(new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod));
        services.TryAddSingleton<IncidentRepository>();
        return services;
    }
}
