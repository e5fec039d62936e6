namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>The templates that occur in enough training sessions to be part of normal behaviour.</summary>
internal static class CommonTemplates
{
    /// <summary>Template ids occurring in at least <paramref name="minSessions"/> sessions, most widespread first.</summary>
    public static IEnumerable<int> Of(IReadOnlyList<TemplateCounts> sessions, int minSessions) =>
        sessions.SelectMany(session => session.Counts.Keys)
            .CountBy(id => id)
            .Where(pair => pair.Value >= minSessions)
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key)
            .Select(pair => pair.Key);
}
