using System.ClientModel;
using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;
using FaultMaven.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Embeddings;
using Qdrant.Client;

namespace FaultMaven.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    private const string PineconeClientName = "FaultMaven.Pinecone";

    /// <summary>
    /// Registers the embedding generator (<c>FaultMaven:Embeddings</c>), the vector store (<c>FaultMaven:VectorStore</c>),
    /// <see cref="IncidentEmbeddingRepository"/>, <see cref="IncidentRetrieval"/> (timing its searches with <see cref="VectorStoreMetrics"/>) and <see cref="IncidentIndexer"/>, all singletons, options validated at start.
    /// Needs the <c>NpgsqlDataSource</c> that <c>AddFaultMavenStorage</c> registers. Call <see cref="IncidentRetrieval.SynchronizeAsync"/> once at start.
    /// </summary>
    public static IServiceCollection AddFaultMavenRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbeddingOptions>().Bind(configuration.GetSection(EmbeddingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>());
        services.AddOptions<VectorStoreOptions>().Bind(configuration.GetSection(VectorStoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VectorStoreOptions>, VectorStoreOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => CreateGenerator(provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value));
        services.TryAddSingleton(provider => EmbeddingModel.Of(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.AddHttpClient(PineconeClientName, (provider, http) =>
            PineconeIncidentVectorStore.Configure(http, provider.GetRequiredService<IOptions<VectorStoreOptions>>().Value.Pinecone));
        services.TryAddSingleton(CreateVectorStore);
        services.TryAddSingleton<IncidentEmbeddingRepository>();
        services.AddMetrics();
        services.TryAddSingleton<VectorStoreMetrics>();
        services.TryAddSingleton(provider => new QueryEmbeddingCache(provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value.QueryCacheSize));
        services.TryAddSingleton<IncidentRetrieval>();
        services.TryAddSingleton<IncidentIndexer>();
        return services;
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateGenerator(EmbeddingOptions options) =>
        options.UsesEndpoint
            ? new EmbeddingClient(options.Model, new ApiKeyCredential(options.ApiKey!), new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint!) })
                .AsIEmbeddingGenerator(options.Dimensions)
            : new MiniLmEmbeddingGenerator(options.IntraOpThreads);

    private static IIncidentVectorStore CreateVectorStore(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<VectorStoreOptions>>().Value;
        var model = provider.GetRequiredService<EmbeddingModel>();
        return options.Provider switch
        {
            VectorStoreProvider.Pinecone => new PineconeIncidentVectorStore(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(PineconeClientName), options.Pinecone.Namespace),
            VectorStoreProvider.Qdrant => new QdrantIncidentVectorStore(
                new QdrantClient(new Uri(options.Qdrant.Endpoint!), options.Qdrant.ApiKey, loggerFactory: provider.GetService<ILoggerFactory>()),
                options.Qdrant.Collection,
                model),
            _ => new UsearchIncidentVectorStore(options.IndexPath, model, provider.GetService<ILoggerFactory>()?.CreateLogger<UsearchIncidentVectorStore>(), options.Hnsw),
        };
    }
}
