using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Reasoning;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Retrieval;
using FaultMaven.ServiceDefaults;
using Microsoft.Extensions.AI;

namespace FaultMaven.Api.Endpoints;

public static class AgentServices
{
    /// <summary>Whether lines no signature matches are matched to root causes by meaning (default false until the test host crash in docs/agents.md is understood).</summary>
    public const string MatchByMeaningKey = "FaultMaven:Agents:MatchByMeaning";

    /// <summary>
    /// The agents behind /query, /logs/analyze and /suggestions over the built-in knowledge base, retrieval of similar
    /// incidents and root-cause matching by meaning (one embedding model per process), feedback history, the refresh of this process's incident index, and the
    /// optional model that reasons over the retrieved context (only when <c>FaultMaven:Llm:Endpoint</c> is set).
    /// </summary>
    public static IServiceCollection AddAgents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFaultMavenRetrieval(configuration);
        services.AddSingleton(_ => KnowledgeBaseLoader.LoadBuiltIn());
        services.AddSingleton(_ => new LogAnalysisAgent());
        // Root causes are matched by meaning too, with the process's one embedding model; the knowledge base is embedded
        // once, in the background after the first analysis asks, so no request waits for it.
        if (configuration.GetValue(MatchByMeaningKey, false))
        {
            services.AddSingleton<IMeaningMatcher>(provider => new BackgroundMeaningMatcher(() => new EmbeddingMeaningMatcher(
                provider.GetRequiredService<KnowledgeBase>(), provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>())));
        }

        services.AddSingleton<TroubleshootingAgent>();
        services.AddSingleton<VisibleSimilarIncidents>();
        services.AddSingleton<ISimilarIncidentFinder, ContextIncidentFinder>();
        var llm = configuration.GetValidated<LlmOptions>(LlmOptions.SectionName, LlmOptions.Validate);
        if (llm.IsConfigured)
        {
            services.AddSingleton(LlmReasoner.Connect(llm));
        }

        services.AddSingleton<Assistant>();
        services.AddSingleton<FeedbackHistoryReader>();
        services.AddHostedService<ContextIndexRefresh>();
        return services;
    }
}
