using FaultMaven.Retrieval.Embeddings;

namespace FaultMaven.Retrieval.Tests;

/// <summary>The real all-MiniLM-L6-v2, loaded once for every test class in <see cref="MiniLmCollection"/>.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new();

    public EmbeddingModel Model => EmbeddingModel.Of(Generator);

    public void Dispose() => Generator.Dispose();
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM model";
}
