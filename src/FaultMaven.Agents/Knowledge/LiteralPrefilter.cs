using System.Buffers;
using System.Text;

namespace FaultMaven.Agents.Knowledge;

/// <summary>
/// Which of many patterns can match a line at all, found with one vectorized search for every pattern's required
/// literals (<see cref="RequiredLiterals"/>, or a keyword the pattern's owner requires) instead of one regex run per
/// pattern. A pattern without literals is always a candidate; so is every pattern for a line with non-ASCII text, since
/// case-insensitive regex matching folds some non-ASCII letters onto ASCII ones (the Kelvin sign onto k).
/// </summary>
/// <typeparam name="T">What a pattern is to its user (a signature with its root cause, a fingerprint with its platform).</typeparam>
public sealed class LiteralPrefilter<T>
{
    private readonly IReadOnlyList<T> items;
    private readonly List<int> unfiltered = [];
    private readonly T[] unfilteredItems;
    private readonly SearchValues<string> literals;

    /// <summary>For each literal's first character (lower case), the literals starting with it and the items each one admits.</summary>
    private readonly Dictionary<char, List<(string Literal, int[] Items)>> byFirst = [];

    /// <param name="items">The patterns, in the order <see cref="Candidates"/> returns them.</param>
    /// <param name="literalsOf">An item's lower-case literals of which every line its pattern matches holds one (compared
    /// ignoring ASCII case), or null when none is known.</param>
    public LiteralPrefilter(IReadOnlyList<T> items, Func<T, IReadOnlyList<string>?> literalsOf)
    {
        this.items = items;
        var admitted = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var id = 0; id < items.Count; id++)
        {
            if (literalsOf(items[id]) is not { Count: > 0 } literalsOfPattern)
            {
                unfiltered.Add(id);
                continue;
            }

            foreach (var literal in literalsOfPattern)
            {
                (admitted.TryGetValue(literal, out var admits) ? admits : admitted[literal] = []).Add(id);
            }
        }

        unfilteredItems = [.. unfiltered.Select(id => items[id])];
        literals = SearchValues.Create([.. admitted.Keys], StringComparison.OrdinalIgnoreCase);
        foreach (var (literal, ids) in admitted)
        {
            (byFirst.TryGetValue(literal[0], out var starting) ? starting : byFirst[literal[0]] = []).Add((literal, [.. ids]));
        }
    }

    /// <summary>The items, in their given order, whose pattern may match <paramref name="text"/>: an item not among them cannot.</summary>
    /// <remarks>Runs once per line and pattern set, so a line holding no literal allocates nothing.</remarks>
    public IReadOnlyList<T> Candidates(string text)
    {
        if (!Ascii.IsValid(text))
        {
            return items;
        }

        List<int>? ids = null;
        var span = text.AsSpan();
        var offset = 0;
        while (offset < span.Length)
        {
            var found = span[offset..].IndexOfAny(literals);
            if (found < 0)
            {
                break;
            }

            var at = span[(offset + found)..];
            if (byFirst.TryGetValue(char.ToLowerInvariant(at[0]), out var starting))
            {
                foreach (var (literal, admits) in starting)
                {
                    if (at.StartsWith(literal, StringComparison.OrdinalIgnoreCase))
                    {
                        (ids ??= [.. unfiltered]).AddRange(admits);
                    }
                }
            }

            offset += found + 1;
        }

        if (ids is null)
        {
            return unfilteredItems;
        }

        ids.Sort();
        var candidates = new List<T>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (i == 0 || ids[i] != ids[i - 1])
            {
                candidates.Add(items[ids[i]]);
            }
        }

        return candidates;
    }
}
