using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FaultMaven.Retrieval.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void An_endpoint_without_model_key_and_dimensions_is_refused_naming_each_key()
    {
        using var provider = ProviderFor(new() { ["FaultMaven:Embeddings:Endpoint"] = "not a url" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value);

        Assert.Equal(
            ["FaultMaven:Embeddings:Endpoint", "FaultMaven:Embeddings:Model", "FaultMaven:Embeddings:ApiKey", "FaultMaven:Embeddings:Dimensions"],
            error.Failures.Select(failure => failure.Split(' ')[0]));
    }

    [Theory]
    [InlineData("Pinecone", "FaultMaven:VectorStore:Pinecone:IndexHost", "FaultMaven:VectorStore:Pinecone:ApiKey")]
    [InlineData("Qdrant", "FaultMaven:VectorStore:Qdrant:Endpoint")]
    public void A_remote_vector_store_without_its_settings_is_refused_naming_each_key(string provider, params string[] keys)
    {
        using var services = ProviderFor(new() { ["FaultMaven:VectorStore:Provider"] = provider });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VectorStoreOptions>>().Value);

        Assert.Equal(keys, error.Failures.Select(failure => failure.Split(' ')[0]));
    }

    [Fact]
    public void Hnsw_settings_out_of_range_are_refused_naming_each_key()
    {
        using var services = ProviderFor(new()
        {
            ["FaultMaven:VectorStore:Hnsw:Connectivity"] = "2",
            ["FaultMaven:VectorStore:Hnsw:ExpansionAdd"] = "8",
            ["FaultMaven:VectorStore:Hnsw:ExpansionSearch"] = "5000",
            ["FaultMaven:VectorStore:Hnsw:BuildThreads"] = "-1",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VectorStoreOptions>>().Value);

        Assert.Equal(
            ["FaultMaven:VectorStore:Hnsw:Connectivity", "FaultMaven:VectorStore:Hnsw:ExpansionAdd", "FaultMaven:VectorStore:Hnsw:ExpansionSearch", "FaultMaven:VectorStore:Hnsw:BuildThreads"],
            error.Failures.Select(failure => failure.Split(' ')[0]));
    }

    [Fact]
    public void Hnsw_settings_are_bound_from_configuration_and_unset_ones_keep_their_defaults()
    {
        using var services = ProviderFor(new() { ["FaultMaven:VectorStore:Hnsw:ExpansionSearch"] = "512", ["FaultMaven:VectorStore:Hnsw:BuildThreads"] = "3" });

        var hnsw = services.GetRequiredService<IOptions<VectorStoreOptions>>().Value.Hnsw;

        Assert.Equal(new HnswOptions { ExpansionSearch = 512, BuildThreads = 3 }, hnsw);
        Assert.Equal((64, 128, 3), (hnsw.Connectivity, hnsw.ExpansionAdd, hnsw.EffectiveBuildThreads));
    }

    [Fact]
    public void A_configured_endpoint_gives_an_openai_compatible_generator_that_names_its_model()
    {
        using var provider = ProviderFor(new()
        {
            ["FaultMaven:Embeddings:Endpoint"] = "http://127.0.0.1:1/v1",
            ["FaultMaven:Embeddings:Model"] = "text-embedding-3-small",
            ["FaultMaven:Embeddings:ApiKey"] = "sk-test",
            ["FaultMaven:Embeddings:Dimensions"] = "512",
        });

        Assert.Equal(new EmbeddingModel("openai:text-embedding-3-small", 512), provider.GetRequiredService<EmbeddingModel>());
    }

    [Fact]
    public void The_default_is_the_in_process_model_and_the_embedded_index()
    {
        using var directory = new TemporaryDirectory();
        using var provider = ProviderFor(new() { ["FaultMaven:VectorStore:IndexPath"] = directory.File("incidents.usearch") });

        Assert.IsType<MiniLmEmbeddingGenerator>(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.IsType<UsearchIncidentVectorStore>(provider.GetRequiredService<IIncidentVectorStore>());
        Assert.Equal(new EmbeddingModel($"sentence-transformers:{MiniLmEmbeddingGenerator.ModelId}", 384), provider.GetRequiredService<EmbeddingModel>());
    }

    private static ServiceProvider ProviderFor(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddFaultMavenRetrieval(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
