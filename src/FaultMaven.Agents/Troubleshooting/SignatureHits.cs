using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>
/// For every root cause, the lines it matches with its most specific matching signature (the first of equals), fed one
/// line at a time in order. Only the signatures <see cref="SignaturePrefilter"/> lets through run.
/// </summary>
internal sealed class SignatureHits(IReadOnlyList<RootCause> rootCauses)
{
    private readonly LiteralPrefilter<(int RootCause, Signature Signature)> prefilter = SignaturePrefilter.For(rootCauses);
    private readonly List<(int Position, Signature Signature)>[] hits = [.. rootCauses.Select(_ => new List<(int Position, Signature Signature)>())];
    private readonly Dictionary<int, Signature> best = [];

    /// <summary>Matches one line against the signatures.</summary>
    /// <param name="position">The line's position in the input; lines come in increasing order.</param>
    /// <param name="text">The event's <see cref="SignatureMatcher.SearchableText"/>.</param>
    /// <returns>Whether any root cause matched the line.</returns>
    public bool Add(int position, LogEvent logEvent, string text) => Add(position, logEvent, text, prefilter.Candidates(text));

    /// <summary>As <see cref="Add(int, LogEvent, string)"/>, with the signatures a prefilter over the same literals let through.</summary>
    /// <param name="candidates">The root causes' signatures in the order of <see cref="SignaturePrefilter.For"/>, those whose literals the line holds.</param>
    public bool Add(int position, LogEvent logEvent, string text, IReadOnlyList<(int RootCause, Signature Signature)> candidates)
    {
        best.Clear();
        foreach (var (rootCause, signature) in candidates)
        {
            if (SignatureMatcher.Matches(signature, logEvent, text)
                && !(best.TryGetValue(rootCause, out var current) && Signature.BySpecificity.Compare(current, signature) >= 0))
            {
                best[rootCause] = signature;
            }
        }

        foreach (var (rootCause, signature) in best)
        {
            hits[rootCause].Add((position, signature));
        }

        return best.Count > 0;
    }

    /// <summary>Every root cause with a matching line, in knowledge-base order, with its hits in line order.</summary>
    public IReadOnlyList<(RootCause RootCause, List<(int Position, Signature Signature)> Hits)> Found() =>
        [.. rootCauses.Select((rootCause, index) => (rootCause, hits[index])).Where(candidate => candidate.Item2.Count > 0)];
}
