using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>Which platforms a text comes from, by their fingerprints; a signature's stack alone proves nothing (a Go
/// program's "connection reset" may match a signature written for the JVM).</summary>
public static class PlatformDetector
{
    /// <param name="texts">Searchable texts of the lines (<see cref="SignatureMatcher.SearchableText"/>).</param>
    public static IReadOnlySet<string> Detect(IReadOnlyList<Platform> platforms, IEnumerable<string> texts)
    {
        var all = texts.ToList();
        return platforms
            .Where(platform => all.Any(text => platform.Fingerprints.Any(fingerprint => BoundedMatch.IsMatch(fingerprint, text))))
            .Select(platform => platform.Id)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The platforms a root cause's evidence points at: the matching signatures' stacks that the input shows, else the
    /// platforms fingerprinted in the evidence lines themselves, else the stacks of the platform-specific signatures
    /// that matched (their phrasing is the only trace of the platform), else nothing but <c>generic</c>.
    /// </summary>
    /// <param name="seen">The platforms detected anywhere in the input.</param>
    public static IReadOnlyList<string> Label(IReadOnlyList<Platform> platforms, RootCauseEvidence evidence, IReadOnlySet<string> seen)
    {
        var stacks = evidence.Matches.Select(match => match.Signature.Stack).Where(stack => stack != Signature.GenericStack).Distinct().ToList();
        IEnumerable<string>[] choices = [stacks.Where(seen.Contains), Detect(platforms, evidence.Lines.Select(line => line.Message)), stacks];
        var label = choices.Select(choice => choice.Order(StringComparer.Ordinal).ToList()).FirstOrDefault(choice => choice.Count > 0);
        return label ?? [Signature.GenericStack];
    }
}
