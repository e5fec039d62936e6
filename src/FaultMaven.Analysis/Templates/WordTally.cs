namespace FaultMaven.Analysis.Templates;

/// <summary>
/// How often each plain word has filled one wildcard position of a template, while the words are few enough to be a
/// closed vocabulary. Once more than <see cref="Capacity"/> distinct words have been seen the position is an open
/// vocabulary for good (a variable) and the tally stops counting, so it stays a few hundred bytes.
/// </summary>
internal sealed class WordTally
{
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> byText;

    public WordTally(int position, int capacity)
    {
        Position = position;
        Capacity = capacity;
        byText = counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The token position the words fill.</summary>
    public int Position { get; }

    public int Capacity { get; }

    public bool IsOpen { get; private set; }

    public IReadOnlyDictionary<string, long> Counts => counts;

    public void Add(ReadOnlySpan<char> word, long count)
    {
        if (IsOpen)
        {
            return;
        }

        if (byText.TryGetValue(word, out var seen))
        {
            byText[word] = seen + count;
            return;
        }

        if (counts.Count == Capacity)
        {
            Close();
            return;
        }

        byText[word] = count;
    }

    /// <summary>Marks the position a variable for good (too many words, or a value that is not a word).</summary>
    public void Close()
    {
        IsOpen = true;
        counts.Clear();
    }

    /// <summary>Whether the position holds a few words that each recurred at least <paramref name="recurrences"/> times: constants, not a variable.</summary>
    public bool IsClosedVocabulary(int recurrences) => !IsOpen && counts.Count >= 2 && counts.Values.All(count => count >= recurrences);
}
