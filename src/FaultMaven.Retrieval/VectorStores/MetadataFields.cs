namespace FaultMaven.Retrieval.VectorStores;

/// <summary>The metadata keys remote vector stores keep beside each vector, and how a status is spelled there.</summary>
public static class MetadataFields
{
    public const string IncidentId = "incident_id";
    public const string Service = "service";
    public const string Team = "team";
    public const string Status = "status";
    public const string Resolved = "resolved";
    public const string EmbeddedAt = "embedded_at";

    public static string StatusName(IncidentStatus status) => status.ToString().ToLowerInvariant();

    internal static IncidentStatus ParseStatus(string name) => Enum.Parse<IncidentStatus>(name, ignoreCase: true);

    /// <summary>The filter's fields as (key, value) equality conditions, all of which must hold.</summary>
    internal static IEnumerable<(string Key, string Value)> Conditions(IncidentFilter filter)
    {
        if (filter.Service is not null)
        {
            yield return (Service, filter.Service);
        }

        if (filter.Team is not null)
        {
            yield return (Team, filter.Team);
        }

        if (filter.Status is { } status)
        {
            yield return (Status, StatusName(status));
        }
    }
}
