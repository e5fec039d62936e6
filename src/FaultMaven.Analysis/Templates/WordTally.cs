namespace FaultMaven.Analysis.Templates;

/// <summary>
/// How often each plain word has filled one wildcard position of a template, while the words are few enough to be a
/// closed vocabulary. Once more than <see cref="Capacity"/> distinct words have been seen the position is an open
/// vocabulary for good (a variable) and the tally stops counting, so it stays a few hundred bytes.
/// </summary>
internal sealed class WordTally
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _byText;

    public WordTally(int position, int capacity)
    {
        Position = position;
        Capacity = capacity;
        _byText = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The token position the words fill.</summary>
    public int Position { get; }

    public int Capacity { get; }

    public bool IsOpen { get; private set; }

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public void Add(ReadOnlySpan<char> word, long count)
    {
        if (IsOpen)
        {
            return;
        }

        if (_byText.TryGetValue(word, out var seen))
        {
            _byText[word] = seen + count;
            return;
        }

        if (_counts.Count == Capacity)
        {
            Close();
            return;
        }

        _byText[word] = count;
    }

    /// <summary>Marks the position a variable for good (too many words, or a value that is not a word).</summary>
    public void Close()
    {
        IsOpen = true;
        _counts.Clear();
    }

    /// <summary>Whether the position holds a few words that each recurred at least <paramref name="recurrences"/> times: constants, not a variable.</summary>
    public bool IsClosedVocabulary(int recurrences) => !IsOpen && _counts.Count >= 2 && _counts.Values.All(count => count >= recurrences);
}
