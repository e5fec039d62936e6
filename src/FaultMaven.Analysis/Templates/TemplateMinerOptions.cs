namespace FaultMaven.Analysis.Templates;

/// <summary>Tuning of <see cref="TemplateMiner"/>; the defaults are the ones measured in docs/benchmarks.md.</summary>
public sealed record TemplateMinerOptions
{
    /// <summary>
    /// How many templates differing only in one word (all else equal) it takes before that word is a variable.
    /// Below it the words stay apart, so <c>session opened</c> and <c>session closed</c> remain two templates.
    /// </summary>
    public int DistinctWordsForVariable { get; init; } = 3;

    /// <summary>
    /// How many lines each word must have filled a position for a few words to count as a closed vocabulary of
    /// constants (<c>GET</c>/<c>POST</c>/<c>DELETE</c>, <c>Started</c>/<c>Stopped</c>) rather than values of a variable.
    /// A word seen fewer times is near-unique evidence of a variable (user names, host names).
    /// </summary>
    public int RecurringWordCount { get; init; } = 3;

    /// <summary>Most distinct words a closed vocabulary holds; a position that has shown more is a variable for good.</summary>
    public int ClosedVocabularySize { get; init; } = 8;

    /// <summary>Largest share of a message's tokens that may differ from a template, when all differing tokens look variable (carry digits or wildcards).</summary>
    public double MaxVariableShare { get; init; } = 0.5;

    /// <summary>Live templates kept; beyond it the least recently seen is retired (its id is never reused).</summary>
    public int MaxTemplates { get; init; } = 20_000;

    /// <summary>Distinct masked messages remembered for the exact-match fast path; the cache is cleared when it fills.</summary>
    public int MaxCachedMessages { get; init; } = 100_000;
}
