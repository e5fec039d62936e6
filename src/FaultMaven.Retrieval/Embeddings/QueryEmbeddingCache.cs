using System.Text.RegularExpressions;

namespace FaultMaven.Retrieval.Embeddings;

/// <summary>
/// The embeddings of recent search texts, least recently used evicted first: retrieval is asked the same questions
/// again (the same alert's text, the same log template), and embedding one costs 13–25 ms of CPU with MiniLM against
/// 2–5 ms for the index search (docs/benchmarks.md). Keys are the text with runs of whitespace made one space and the
/// ends trimmed, which the embedding is given in place of the raw text, so a hit and a miss return the same vector.
/// Texts longer than <see cref="MaxKeyLength"/> characters (pasted logs) are not kept. Thread-safe.
/// </summary>
public sealed partial class QueryEmbeddingCache(int capacity)
{
    public const int MaxKeyLength = 2_000;

    private readonly Dictionary<string, LinkedListNode<(string Key, float[] Vector)>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, float[] Vector)> recency = new();
    private readonly Lock gate = new();

    public int Capacity => capacity;

    /// <summary>The text as it is embedded and looked up: whitespace runs made one space, ends trimmed.</summary>
    public static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>The vector kept for a normalized text, made the most recently used; callers must not change it.</summary>
    public bool TryGet(string normalized, out float[] vector)
    {
        lock (gate)
        {
            if (entries.TryGetValue(normalized, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                vector = node.Value.Vector;
                return true;
            }
        }

        vector = [];
        return false;
    }

    /// <summary>Keeps the vector of a normalized text, evicting the least recently used beyond the capacity.</summary>
    public void Add(string normalized, float[] vector)
    {
        if (normalized.Length > MaxKeyLength || capacity == 0)
        {
            return;
        }

        lock (gate)
        {
            if (entries.ContainsKey(normalized))
            {
                return;
            }

            entries[normalized] = recency.AddFirst((normalized, vector));
            if (entries.Count > capacity)
            {
                entries.Remove(recency.Last!.Value.Key);
                recency.RemoveLast();
            }
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
