using System.Text.RegularExpressions;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>Finds, for every root cause, the lines of the input that match its signatures.</summary>
public static class SignatureMatcher
{
    public static IReadOnlyList<RootCauseEvidence> Match(IReadOnlyList<RootCause> rootCauses, IReadOnlyList<LogEvent> events)
    {
        var texts = events.Select(SearchableText).ToList();
        var evidence = new List<RootCauseEvidence>();
        foreach (var rootCause in rootCauses)
        {
            var lines = new List<EvidenceLine>();
            var hits = new Dictionary<Signature, SignatureHits>(ReferenceEqualityComparer.Instance);
            for (var position = 0; position < events.Count; position++)
            {
                var logEvent = events[position];
                if (BestSignature(rootCause, logEvent, texts[position]) is not { } signature)
                {
                    continue;
                }

                lines.Add(new EvidenceLine(position, logEvent.Raw, logEvent.Timestamp, logEvent.Level, texts[position], signature.Stack, signature.Describe()));
                hits[signature] = hits.TryGetValue(signature, out var seen)
                    ? seen with { Count = seen.Count + 1, MaxLevel = seen.MaxLevel > logEvent.Level ? seen.MaxLevel : logEvent.Level }
                    : new SignatureHits(signature, 1, logEvent.Level);
            }

            if (lines.Count > 0)
            {
                evidence.Add(new RootCauseEvidence(rootCause, lines, [.. hits.Values]));
            }
        }

        return evidence;
    }

    /// <summary>The message and the attribute values: structured logs often carry the error in a field such as <c>error</c>.</summary>
    public static string SearchableText(LogEvent logEvent) =>
        logEvent.Attributes.Count == 0 ? logEvent.Message : string.Join(" | ", logEvent.Attributes.Values.Prepend(logEvent.Message));

    /// <param name="text">The event's <see cref="SearchableText"/>.</param>
    public static bool Matches(Signature signature, LogEvent logEvent, string text) =>
        (logEvent.Level == Severity.Unknown || logEvent.Level >= signature.MinLevel)
        && signature.Keywords.All(keyword => text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
        && IsMatch(signature.Pattern, text)
        && IsMatch(signature.Service, logEvent.Service)
        && signature.Attributes.All(condition => IsMatch(condition.Value, logEvent.Attributes.GetValueOrDefault(condition.Key)));

    private static Signature? BestSignature(RootCause rootCause, LogEvent logEvent, string text) => rootCause.Signatures
        .Where(signature => Matches(signature, logEvent, text))
        .MaxBy(signature => signature.Weight);

    /// <summary>A pattern that runs out of time on a hostile line counts as no match rather than failing the analysis.</summary>
    private static bool IsMatch(Regex? pattern, string? text)
    {
        if (pattern is null)
        {
            return true;
        }

        try
        {
            return text is not null && pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
