using System.Text.RegularExpressions;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>Which platforms the input comes from: their fingerprints in any line, or the stack of any matching signature.</summary>
public static class PlatformDetector
{
    public static IReadOnlySet<string> Detect(IReadOnlyList<Platform> platforms, IReadOnlyList<LogEvent> events, IEnumerable<RootCauseEvidence> evidence)
    {
        var detected = evidence.SelectMany(found => found.Stacks).Where(stack => stack != Signature.GenericStack).ToHashSet(StringComparer.Ordinal);
        var texts = events.Select(SignatureMatcher.SearchableText).ToList();
        foreach (var platform in platforms.Where(platform => !detected.Contains(platform.Id)))
        {
            if (texts.Any(text => platform.Fingerprints.Any(fingerprint => IsMatch(fingerprint, text))))
            {
                detected.Add(platform.Id);
            }
        }

        return detected;
    }

    private static bool IsMatch(Regex fingerprint, string message)
    {
        try
        {
            return fingerprint.IsMatch(message);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
