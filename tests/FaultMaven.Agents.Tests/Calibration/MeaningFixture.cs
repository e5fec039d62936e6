using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Retrieval.Embeddings;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>The built-in knowledge base and one in-process MiniLM with the knowledge base embedded, shared by a test
/// class: loading the model and embedding every example takes seconds, so it happens once per class, not per test.</summary>
public sealed class MeaningFixture : IDisposable
{
    private readonly MiniLmEmbeddingGenerator embedder = new();

    public MeaningFixture()
    {
        Knowledge = KnowledgeBaseLoader.LoadBuiltIn();
        Matcher = new EmbeddingMeaningMatcher(Knowledge, embedder);
    }

    public KnowledgeBase Knowledge { get; }

    /// <summary>Matches from <see cref="EmbeddingMeaningMatcher.FittedThreshold"/>.</summary>
    public EmbeddingMeaningMatcher Matcher { get; }

    public void Dispose() => embedder.Dispose();
}
