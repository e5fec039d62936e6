using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FaultMaven.Integrations.Tests;

/// <summary>The integrations' services as the API registers them.</summary>
public static class IntegrationServices
{
    /// <summary>With the given <c>FaultMaven:Integrations</c> settings.</summary>
    public static ServiceProvider With(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIntegrations(configuration);
        return services.BuildServiceProvider();
    }
}
