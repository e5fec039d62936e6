using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>Groups events into sessions by an identifier found in the message (block ids, request ids, trace ids).</summary>
/// <remarks>An event naming several distinct identifiers belongs to each of their sessions; an event naming none belongs to no session.</remarks>
public sealed class SessionGrouper(Regex sessionIdPattern)
{
    private readonly Dictionary<string, TemplateCountsBuilder> sessions = new(StringComparer.Ordinal);

    public int SessionCount => sessions.Count;

    /// <summary>Adds the event to the session of each identifier it names; returns false when it names none.</summary>
    public bool Add(TemplatedEvent templated)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in sessionIdPattern.Matches(templated.Event.Message))
        {
            if (!seen.Add(match.Value))
            {
                continue;
            }

            if (!sessions.TryGetValue(match.Value, out var builder))
            {
                builder = new TemplateCountsBuilder(match.Value);
                sessions.Add(match.Value, builder);
            }

            builder.Add(templated);
        }

        return seen.Count > 0;
    }

    /// <summary>The sessions in order of first appearance.</summary>
    public IReadOnlyList<TemplateCounts> Build() => [.. sessions.Values.Select(builder => builder.Build())];
}
