using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Retrieval.Embeddings;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>The built-in knowledge base and one in-process MiniLM with the knowledge base embedded, shared by every test
/// class of <see cref="MeaningCollection"/>: embedding about 1,215 examples, titles, descriptions and phrasings takes 15–40 s of CPU on a loaded host,
/// so it happens once per test run, not per class or test.</summary>
public sealed class MeaningFixture : IDisposable
{
    private readonly MiniLmEmbeddingGenerator embedder = new();

    public MeaningFixture()
    {
        Knowledge = KnowledgeBaseLoader.LoadBuiltIn();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Matcher = new EmbeddingMeaningMatcher(Knowledge, embedder);
        EmbeddingTime = clock.Elapsed;
    }

    /// <summary>How long embedding the knowledge base took (the one-off cost every API process with matching by meaning pays).</summary>
    public TimeSpan EmbeddingTime { get; }

    public KnowledgeBase Knowledge { get; }

    /// <summary>Matches from <see cref="EmbeddingMeaningMatcher.FittedThreshold"/>.</summary>
    public EmbeddingMeaningMatcher Matcher { get; }

    public void Dispose() => embedder.Dispose();
}

/// <summary>The test classes that share one <see cref="MeaningFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class MeaningCollection : ICollectionFixture<MeaningFixture>
{
    public const string Name = "meaning";
}
