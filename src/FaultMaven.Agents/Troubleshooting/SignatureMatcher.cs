using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>Finds, for every root cause, the lines of the input that match its signatures.</summary>
public static class SignatureMatcher
{
    /// <summary>Between the message and each attribute value in a line's searchable text.</summary>
    internal const string FieldSeparator = " | ";

    /// <summary>Every root cause with at least one matching line; a line matched by several root causes counts fully
    /// only for the one whose signature is most specific (<see cref="Signature.BySpecificity"/>). With a
    /// <paramref name="meaning"/> matcher, lines no signature matched, or only a generic one, are matched by meaning too,
    /// each to one root cause; a meaning match to another root cause outranks the generic match on its line.</summary>
    public static IReadOnlyList<RootCauseEvidence> Match(IReadOnlyList<RootCause> rootCauses, IReadOnlyList<LogEvent> events, IMeaningMatcher? meaning = null) =>
        Match(rootCauses, events, [.. events.Select(SearchableText)], meaning);

    /// <summary>As <see cref="Match(IReadOnlyList{RootCause}, IReadOnlyList{LogEvent}, IMeaningMatcher?)"/>, with the
    /// events' <see cref="SearchableText"/> already made, so that a caller that also needs them (the platform
    /// fingerprints) joins each event's fields once.</summary>
    /// <param name="texts">The <see cref="SearchableText"/> of each event, in the same order.</param>
    public static IReadOnlyList<RootCauseEvidence> Match(IReadOnlyList<RootCause> rootCauses, IReadOnlyList<LogEvent> events, IReadOnlyList<string> texts, IMeaningMatcher? meaning = null)
    {
        var hits = new SignatureHits(rootCauses);
        for (var position = 0; position < events.Count; position++)
        {
            hits.Add(position, events[position], texts[position]);
        }

        return Evidence(hits.Found(), position => events[position], meaning is null ? null : decided => meaning.Match(events, decided));
    }

    /// <summary>The evidence of each root cause from the lines' signature hits (<see cref="SignatureHits"/>).</summary>
    /// <param name="eventAt">The event at a position with a hit; no other is asked for.</param>
    /// <param name="matchByMeaning">Matches by meaning of the lines other than those given (see <see cref="IMeaningMatcher"/>).</param>
    internal static IReadOnlyList<RootCauseEvidence> Evidence(
        IReadOnlyList<(RootCause RootCause, List<(int Position, Signature Signature)> Hits)> found,
        Func<int, LogEvent> eventAt,
        Func<IReadOnlySet<int>, IReadOnlyList<MeaningMatch>>? matchByMeaning)
    {
        var bestPerLine = found
            .SelectMany(candidate => candidate.Hits)
            .GroupBy(hit => hit.Position)
            .ToDictionary(line => line.Key, line => line.Select(hit => hit.Signature).Max(Signature.BySpecificity)!);
        // A line only a generic signature matched (a bare "deadlock", "Forbidden") is asked by meaning too: when it is a
        // product's own phrasing of a more specific failure that happens to contain the generic word, the specific
        // cause then outranks the generic match on that line instead of being hidden by it.
        var decided = bestPerLine.Where(line => line.Value.Stack != Signature.GenericStack).Select(line => line.Key).ToHashSet();
        var meaningMatches = (matchByMeaning?.Invoke(decided) ?? [])
            .Where(match => !found.Any(candidate => candidate.RootCause.Id == match.RootCause.Id && candidate.Hits.Any(hit => hit.Position == match.Position)))
            .ToList();
        var claimedByMeaning = meaningMatches.Select(match => match.Position).ToHashSet();
        var exact = found.Select(candidate => (candidate.RootCause, Matches: candidate.Hits.Select(hit =>
        {
            var logEvent = eventAt(hit.Position);
            var signature = hit.Signature;
            var line = new EvidenceLine(hit.Position, logEvent.Raw, logEvent.Timestamp, logEvent.Level, ReadableText(logEvent, signature), signature.Stack, signature.Describe(), MatchedLineOf(logEvent.Message, signature));
            return new SignatureMatch(line, signature, Signature.BySpecificity.Compare(signature, bestPerLine[hit.Position]) < 0 || claimedByMeaning.Contains(hit.Position));
        })));
        var byMeaning = meaningMatches.Select(match =>
        {
            var logEvent = eventAt(match.Position);
            var line = new EvidenceLine(match.Position, logEvent.Raw, logEvent.Timestamp, logEvent.Level, logEvent.Message, match.Nearest.Stack,
                FormattableString.Invariant($"meaning ≈ {match.Similarity:F2} to \"{match.Anchor}\""));
            return (match.RootCause, Matches: Enumerable.Repeat(new SignatureMatch(line, match.Nearest, Outranked: false, match.Similarity), 1));
        });
        return [.. exact.Concat(byMeaning)
            .GroupBy(candidate => candidate.RootCause)
            .Select(group => new RootCauseEvidence(group.Key, [.. group.SelectMany(candidate => candidate.Matches).OrderBy(match => match.Line.Position)]))];
    }

    /// <summary>
    /// The first line of a multi-line <paramref name="message"/> that <paramref name="signature"/> matches on its own
    /// (pattern and keywords), trimmed; null for a one-line message, or when the match needs several lines.
    /// </summary>
    public static string? MatchedLineOf(string message, Signature signature) =>
        !message.Contains('\n', StringComparison.Ordinal)
            ? null
            : message.Split('\n').Select(line => line.Trim())
                .FirstOrDefault(line => line.Length > 0
                    && signature.Keywords.All(keyword => line.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                    && BoundedMatch.IsMatch(signature.Pattern, line));

    /// <summary>The message and the attribute values joined by <c>" | "</c>: structured logs often carry the error in a field such as <c>error</c>.</summary>
    /// <remarks>Made once per line for signatures and fingerprints, so it is written straight into the string.</remarks>
    public static string SearchableText(LogEvent logEvent)
    {
        if (logEvent.Attributes.Count == 0)
        {
            return logEvent.Message;
        }

        var length = logEvent.Message.Length;
        foreach (var value in logEvent.Attributes.Values)
        {
            length += FieldSeparator.Length + value.Length;
        }

        return string.Create(length, logEvent, static (text, logEvent) =>
        {
            logEvent.Message.CopyTo(text);
            var written = logEvent.Message.Length;
            foreach (var value in logEvent.Attributes.Values)
            {
                FieldSeparator.CopyTo(text[written..]);
                value.CopyTo(text[(written + FieldSeparator.Length)..]);
                written += FieldSeparator.Length + value.Length;
            }
        });
    }

    /// <summary>
    /// The line as a person reads it: its message, then <c>key=value</c> for only the attributes the signature needed
    /// (a condition names them, or its keywords or pattern are in them and not in the message). Attributes the
    /// normalizer adds (format, merged line count) and metadata such as a journald pid are not part of the line.
    /// </summary>
    public static string ReadableText(LogEvent logEvent, Signature signature)
    {
        var messageSuffices = signature.Keywords.All(keyword => logEvent.Message.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            && BoundedMatch.IsMatch(signature.Pattern, logEvent.Message);
        var cited = logEvent.Attributes
            .Where(attribute => signature.Attributes.ContainsKey(attribute.Key) || (!messageSuffices && Mentions(signature, attribute.Value)))
            .Select(attribute => $"{attribute.Key}={attribute.Value}");
        return string.Join(' ', cited.Prepend(logEvent.Message));
    }

    /// <param name="text">The event's <see cref="SearchableText"/>.</param>
    public static bool Matches(Signature signature, LogEvent logEvent, string text) =>
        (logEvent.Level == Severity.Unknown || logEvent.Level >= signature.MinLevel)
        && signature.Keywords.All(keyword => text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
        && BoundedMatch.IsMatch(signature.Pattern, text)
        && BoundedMatch.IsMatch(signature.Service, logEvent.Service)
        && signature.Attributes.All(condition => BoundedMatch.IsMatch(condition.Value, logEvent.Attributes.GetValueOrDefault(condition.Key)));

    private static bool Mentions(Signature signature, string value) =>
        signature.Keywords.Any(keyword => value.Contains(keyword, StringComparison.OrdinalIgnoreCase))
        || (signature.Pattern is not null && BoundedMatch.IsMatch(signature.Pattern, value));
}
