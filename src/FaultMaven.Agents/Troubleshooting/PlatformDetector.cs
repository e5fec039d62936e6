using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>Which platforms a text comes from, by their fingerprints; a signature's stack alone proves nothing (a Go
/// program's "connection reset" may match a signature written for the JVM).</summary>
public static class PlatformDetector
{
    private static readonly ConditionalWeakTable<IReadOnlyList<Platform>, LiteralPrefilter<(int Platform, Regex Fingerprint)>> Built = [];

    /// <summary>
    /// The platforms with a fingerprint that matches one of <paramref name="texts"/>. Only the fingerprints whose
    /// literals a line holds run on it (<see cref="LiteralPrefilter{T}"/>), and none of a platform already found.
    /// </summary>
    /// <param name="texts">Searchable texts of the lines (<see cref="SignatureMatcher.SearchableText"/>).</param>
    public static IReadOnlySet<string> Detect(IReadOnlyList<Platform> platforms, IEnumerable<string> texts)
    {
        var scan = new Scan(platforms);
        foreach (var text in texts)
        {
            if (scan.Add(text))
            {
                break;
            }
        }

        return scan.Found;
    }

    /// <summary><see cref="Detect"/> fed one text at a time.</summary>
    internal sealed class Scan(IReadOnlyList<Platform> platforms)
    {
        private readonly LiteralPrefilter<(int Platform, Regex Fingerprint)> fingerprints = Built.GetValue(platforms, list => new(
            [.. list.SelectMany((platform, index) => platform.Fingerprints.Select(fingerprint => (index, fingerprint)))],
            item => RequiredLiterals.ForPrefilter(item.Fingerprint.ToString())));

        private readonly bool[] found = new bool[platforms.Count];
        private int left = platforms.Count;

        /// <summary>The platforms found so far.</summary>
        public IReadOnlySet<string> Found => platforms.Where((_, index) => found[index]).Select(platform => platform.Id).ToHashSet(StringComparer.Ordinal);

        /// <param name="text">A line's searchable text (<see cref="SignatureMatcher.SearchableText"/>).</param>
        /// <returns>Whether every platform is found, so no later text can add one.</returns>
        public bool Add(string text) => left == 0 || Add(text, fingerprints.Candidates(text));

        /// <summary>As <see cref="Add(string)"/>, with the fingerprints a prefilter over the same literals let through.</summary>
        /// <param name="candidates">The platforms' fingerprints in their order, those whose literals the text holds.</param>
        public bool Add(string text, IReadOnlyList<(int Platform, Regex Fingerprint)> candidates)
        {
            if (left == 0)
            {
                return true;
            }

            foreach (var (platform, fingerprint) in candidates)
            {
                if (!found[platform] && BoundedMatch.IsMatch(fingerprint, text))
                {
                    found[platform] = true;
                    left--;
                }
            }

            return left == 0;
        }
    }

    /// <summary>
    /// The platforms a root cause's evidence points at: the matching signatures' stacks that the input shows, else the
    /// platforms fingerprinted in the evidence lines themselves, else, when the input shows no platform at all, the
    /// stacks of the platform-specific signatures that matched (their phrasing is the only trace of the platform), else
    /// nothing but <c>generic</c>.
    /// </summary>
    /// <remarks>
    /// A signature's stack is never the label of an input that shows other platforms and not that one: a phrase such as
    /// urllib3's "Failed to resolve" also occurs in containerd's "failed to resolve reference" under a kubelet, whose
    /// input shows Kubernetes; labelling that evidence <c>python</c> named a runtime nothing in the input runs.
    /// </remarks>
    /// <param name="seen">The platforms detected anywhere in the input.</param>
    public static IReadOnlyList<string> Label(IReadOnlyList<Platform> platforms, RootCauseEvidence evidence, IReadOnlySet<string> seen)
    {
        var stacks = evidence.Matches.Select(match => match.Signature.Stack).Where(stack => stack != Signature.GenericStack).Distinct().ToList();
        IEnumerable<string>[] choices = [stacks.Where(seen.Contains), Detect(platforms, evidence.Lines.Select(line => line.Message)), seen.Count == 0 ? stacks : []];
        var label = choices.Select(choice => choice.Order(StringComparer.Ordinal).ToList()).FirstOrDefault(choice => choice.Count > 0);
        return label ?? [Signature.GenericStack];
    }
}
