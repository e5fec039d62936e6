using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>
/// Which signatures of a knowledge base can match a line at all, found with one vectorized search for every signature's
/// <see cref="RequiredLiterals"/> (a keyword, or literal text its pattern cannot match without) instead of one regex run
/// per signature: in a 84,000-line HDFS paste, the regexes of about 500 signatures took 83 % of <c>fm analyze</c>'s time.
/// A signature without provable literals is always a candidate; a line with non-ASCII text makes every signature one,
/// since case-insensitive regex matching folds some non-ASCII letters onto ASCII ones (the Kelvin sign onto k).
/// </summary>
public sealed class SignaturePrefilter
{
    private static readonly ConditionalWeakTable<IReadOnlyList<RootCause>, SignaturePrefilter> Built = [];

    private readonly List<(int RootCause, Signature Signature)> signatures = [];
    private readonly List<int> unfiltered = [];
    private readonly SearchValues<string> literals;

    /// <summary>For each literal's first character (lower case), the literals starting with it and the signatures each one admits.</summary>
    private readonly Dictionary<char, List<(string Literal, int[] Signatures)>> byFirst = [];

    private SignaturePrefilter(IReadOnlyList<RootCause> rootCauses)
    {
        var admitted = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (signature, rootCause) in rootCauses.SelectMany((rootCause, index) => rootCause.Signatures.Select(signature => (signature, index))))
        {
            var id = signatures.Count;
            signatures.Add((rootCause, signature));
            if (LiteralsOf(signature) is not { } required)
            {
                unfiltered.Add(id);
                continue;
            }

            foreach (var literal in required)
            {
                (admitted.TryGetValue(literal, out var admits) ? admits : admitted[literal] = []).Add(id);
            }
        }

        literals = SearchValues.Create([.. admitted.Keys], StringComparison.OrdinalIgnoreCase);
        foreach (var (literal, ids) in admitted)
        {
            (byFirst.TryGetValue(literal[0], out var starting) ? starting : byFirst[literal[0]] = []).Add((literal, [.. ids]));
        }
    }

    /// <summary>Signatures whose regex runs for every line (no literal could be shown to be required).</summary>
    public int UnfilteredCount => unfiltered.Count;

    /// <summary>The prefilter of a knowledge base's root causes, built once per list.</summary>
    public static SignaturePrefilter For(IReadOnlyList<RootCause> rootCauses) => Built.GetValue(rootCauses, list => new SignaturePrefilter(list));

    /// <summary>
    /// The signatures that may match <paramref name="text"/> (an event's <see cref="SignatureMatcher.SearchableText"/>), in
    /// the order of the root causes and their signatures, each with the position of its root cause in the list: a
    /// signature not among them cannot match the text.
    /// </summary>
    public IEnumerable<(int RootCause, Signature Signature)> Candidates(string text)
    {
        if (!Ascii.IsValid(text))
        {
            return signatures;
        }

        var candidates = new SortedSet<int>(unfiltered);
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
            foreach (var (literal, ids) in byFirst.GetValueOrDefault(char.ToLowerInvariant(at[0]), []))
            {
                if (at.StartsWith(literal, StringComparison.OrdinalIgnoreCase))
                {
                    candidates.UnionWith(ids);
                }
            }

            offset += found + 1;
        }

        return candidates.Select(id => signatures[id]);
    }

    /// <summary>
    /// Literals of which a matching line contains one: its longest keyword (every keyword must occur), else its pattern's
    /// <see cref="RequiredLiterals"/>; null when none is known.
    /// </summary>
    public static IReadOnlyList<string>? LiteralsOf(Signature signature)
    {
        var keyword = signature.Keywords.Where(word => word.Length >= RequiredLiterals.MinimumLength && Ascii.IsValid(word)).MaxBy(word => word.Length);
        return keyword is not null ? [keyword.ToLowerInvariant()]
            : signature.Pattern is { } pattern ? RequiredLiterals.Of(pattern.ToString())
            : null;
    }
}
