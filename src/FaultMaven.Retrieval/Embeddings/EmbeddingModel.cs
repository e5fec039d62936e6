using Microsoft.Extensions.AI;

namespace FaultMaven.Retrieval.Embeddings;

/// <summary>Which model makes the embeddings: vectors of different models cannot be compared, so a change of <see cref="Id"/> means re-embedding.</summary>
public sealed record EmbeddingModel(string Id, int Dimensions)
{
    public static EmbeddingModel Of(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()
            ?? throw new InvalidOperationException($"{generator.GetType().Name} does not describe its model (no {nameof(EmbeddingGeneratorMetadata)})");
        if (metadata.DefaultModelId is null || metadata.DefaultModelDimensions is not { } dimensions)
        {
            throw new InvalidOperationException(
                $"{generator.GetType().Name} must name its model and dimensions; got model '{metadata.DefaultModelId}', dimensions {metadata.DefaultModelDimensions}");
        }

        return new EmbeddingModel($"{metadata.ProviderName}:{metadata.DefaultModelId}", dimensions);
    }
}
