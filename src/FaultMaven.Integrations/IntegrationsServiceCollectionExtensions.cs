using FaultMaven.Integrations.Alertmanager;
using FaultMaven.ServiceDefaults;
using FaultMaven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FaultMaven.Integrations;

public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the monitoring integrations: <c>FaultMaven:Integrations</c> (validated at start, naming the bad key),
    /// the Alertmanager intake and the background queue that analyzes an incident's window. Needs the storage and the
    /// agents registered.
    /// </summary>
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<IntegrationsOptions>(configuration, IntegrationsOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AlertRepository>();
        services.AddSingleton<IncidentAnalysisQueue>();
        services.AddHostedService(provider => provider.GetRequiredService<IncidentAnalysisQueue>());
        services.AddSingleton<AlertIntake>();
        return services;
    }
}
