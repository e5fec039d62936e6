using System.Runtime.CompilerServices;
using System.Text;
using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>
/// Which signatures of a knowledge base can match a line at all (<see cref="LiteralPrefilter{T}"/> over every signature's
/// required literals), so that only those run their regex: in an 84,000-line HDFS paste, running the regexes of all
/// 441 signatures on every line took 83 % of <c>fm analyze</c>'s time.
/// </summary>
public static class SignaturePrefilter
{
    private static readonly ConditionalWeakTable<IReadOnlyList<RootCause>, LiteralPrefilter<(int RootCause, Signature Signature)>> Built = [];

    /// <summary>
    /// The prefilter of a knowledge base's root causes, built once per list: its candidates are signatures in the order
    /// of the root causes and their signatures, each with the position of its root cause in the list.
    /// </summary>
    public static LiteralPrefilter<(int RootCause, Signature Signature)> For(IReadOnlyList<RootCause> rootCauses) =>
        Built.GetValue(rootCauses, list => new(
            [.. list.SelectMany((rootCause, index) => rootCause.Signatures.Select(signature => (index, signature)))],
            item => LiteralsOf(item.Signature)));

    /// <summary>
    /// Literals of which a matching line contains one: its longest keyword (every keyword must occur), else its pattern's
    /// <see cref="RequiredLiterals.ForPrefilter"/>; null when none is known.
    /// </summary>
    public static IReadOnlyList<string>? LiteralsOf(Signature signature)
    {
        var keyword = signature.Keywords.Where(word => word.Length >= RequiredLiterals.MinimumLength && Ascii.IsValid(word)).MaxBy(word => word.Length);
        return keyword is not null ? [keyword.ToLowerInvariant()]
            : signature.Pattern is { } pattern ? RequiredLiterals.ForPrefilter(pattern.ToString())
            : null;
    }
}
