using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Retrieval;

namespace FaultMaven.Api.Endpoints;

public static class AgentServices
{
    /// <summary>
    /// The agents behind /query, /logs/analyze and /suggestions over the built-in knowledge base, retrieval of similar
    /// incidents (one embedding model per process), feedback history, and the refresh of this process's incident index.
    /// </summary>
    public static IServiceCollection AddAgents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFaultMavenRetrieval(configuration);
        services.AddSingleton(_ => KnowledgeBaseLoader.LoadBuiltIn());
        services.AddSingleton(_ => new LogAnalysisAgent());
        services.AddSingleton<TroubleshootingAgent>();
        services.AddSingleton<ISimilarIncidentFinder, ContextIncidentFinder>();
        services.AddSingleton<Assistant>();
        services.AddSingleton<FeedbackHistoryReader>();
        services.AddHostedService<ContextIndexRefresh>();
        return services;
    }
}
