using FaultMaven.Retrieval.VectorStores;

namespace FaultMaven.Retrieval;

/// <summary>What is embedded of an incident: its words, its key log templates and, once resolved, how it was fixed.</summary>
public sealed record IncidentDocument(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<string> KeyTemplates,
    string? Resolution,
    string? Service,
    string? Team,
    IncidentStatus Status)
{
    // The template miner's variable marker (FaultMaven.Analysis.Templates.Wildcard.Marker): noise to a sentence model.
    private const string WildcardMarker = "<*>";

    public IncidentMetadata Metadata => new(Service, Team, Status);

    /// <summary>The text the model embeds: title, summary, key templates without their variable markers, resolution.</summary>
    public string EmbeddingText()
    {
        var lines = new List<string> { Title, Summary };
        lines.AddRange(KeyTemplates.Select(template => string.Join(' ', template.Split(WildcardMarker, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
        if (!string.IsNullOrWhiteSpace(Resolution))
        {
            lines.Add($"Resolution: {Resolution}");
        }

        return string.Join('\n', lines.Where(line => !string.IsNullOrWhiteSpace(line)));
    }
}

/// <summary>A past incident like the one asked about, with how it was resolved, if it was.</summary>
/// <param name="Similarity">Cosine similarity of the two embeddings, 1 for identical directions.</param>
public sealed record SimilarIncident(string IncidentId, string Title, double Similarity, string? Resolution, IncidentMetadata Metadata);

/// <summary>What <see cref="IncidentRetrieval.SynchronizeAsync"/> had to do.</summary>
/// <param name="Reembedded">Incidents whose stored embedding came from another model and was made again.</param>
/// <param name="Rebuilt">Whether the vector store was rebuilt from PostgreSQL because it was missing or stale.</param>
public sealed record SynchronizationResult(int Reembedded, bool Rebuilt);
