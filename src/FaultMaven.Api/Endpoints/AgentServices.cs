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
    /// <summary>Whether lines no signature matches are matched to root causes by meaning (default false: embedding the knowledge base costs every API process 15–25 s of CPU on a loaded two-core host; docs/agents.md).</summary>
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
            // The model is resolved here, not in the build, so the container creates it first and disposes it last: after
            // the matcher has stopped its build.
            services.AddSingleton<IMeaningMatcher>(provider =>
            {
                var knowledge = provider.GetRequiredService<KnowledgeBase>();
                var embedder = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
                return new BackgroundMeaningMatcher(stopping => new EmbeddingMeaningMatcher(knowledge, embedder, cancellationToken: stopping));
            });
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
        services.AddSingleton<IncidentEvidenceReader>();
        services.AddHostedService<ContextIndexRefresh>();
        return services;
    }
}
