using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FaultMaven.Retrieval.VectorStores;

/// <summary>
/// Pinecone's REST data-plane API on one index host (<c>FaultMaven:VectorStore:Pinecone:IndexHost</c>), with an
/// <see cref="HttpClient"/> whose base address is that host and which sends the <c>Api-Key</c> header.
/// The index must exist, with the embedding model's dimension and the cosine metric; creating it is a control-plane task.
/// </summary>
public sealed class PineconeIncidentVectorStore(HttpClient http, string? @namespace) : IIncidentVectorStore
{
    /// <summary>The data-plane API version whose request and response shapes this client speaks.</summary>
    public const string ApiVersion = "2025-04";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Points <paramref name="http"/> at the index host and adds the headers every data-plane call needs.</summary>
    public static void Configure(HttpClient http, PineconeOptions options)
    {
        http.BaseAddress = new Uri(options.IndexHost!);
        http.DefaultRequestHeaders.Add("Api-Key", options.ApiKey);
        http.DefaultRequestHeaders.Add("X-Pinecone-API-Version", ApiVersion);
    }

    public async Task UpsertAsync(IncidentVector vector, CancellationToken cancellationToken = default)
    {
        var request = new UpsertRequest([new PineconeVector(vector.IncidentId, vector.Vector.ToArray(), MetadataOf(vector))], @namespace);
        await PostAsync("/vectors/upsert", request, cancellationToken);
    }

    public async Task<IReadOnlyList<VectorMatch>> QueryAsync(
        ReadOnlyMemory<float> vector, int top, IncidentFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var request = new QueryRequest(vector.ToArray(), top, filter is null ? null : FilterOf(filter), @namespace, IncludeMetadata: true, IncludeValues: false);
        using var response = await PostAsync("/query", request, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<QueryResponse>(Json, cancellationToken)
            ?? throw new InvalidDataException("Pinecone answered a query with an empty body");
        return body.Matches.Select(match => new VectorMatch(match.Id, match.Score, MetadataOf(match))).ToList();
    }

    public async Task DeleteAsync(string incidentId, CancellationToken cancellationToken = default) =>
        (await PostAsync("/vectors/delete", new DeleteRequest([incidentId], @namespace), cancellationToken)).Dispose();

    // Pinecone rejects null metadata values, so absent fields are left out.
    private static Dictionary<string, object> MetadataOf(IncidentVector vector)
    {
        var metadata = new Dictionary<string, object>
        {
            [MetadataFields.Status] = MetadataFields.StatusName(vector.Metadata.Status),
            [MetadataFields.Resolved] = vector.Metadata.Resolved,
            [MetadataFields.EmbeddedAt] = vector.EmbeddedAt.ToString("O"),
        };
        if (vector.Metadata.Service is { } service)
        {
            metadata[MetadataFields.Service] = service;
        }

        if (vector.Metadata.Team is { } team)
        {
            metadata[MetadataFields.Team] = team;
        }

        return metadata;
    }

    private static IncidentMetadata MetadataOf(Match match)
    {
        string? Text(string key) => match.Metadata?.TryGetValue(key, out var value) == true ? value.GetString() : null;
        return new IncidentMetadata(
            Text(MetadataFields.Service),
            Text(MetadataFields.Team),
            MetadataFields.ParseStatus(Text(MetadataFields.Status) ?? throw new InvalidDataException($"Pinecone match {match.Id} has no {MetadataFields.Status} metadata")));
    }

    // Top-level keys of a Pinecone filter are and-ed.
    private static JsonObject FilterOf(IncidentFilter filter) =>
        new(MetadataFields.Conditions(filter).Select(condition =>
            KeyValuePair.Create<string, JsonNode?>(condition.Key, new JsonObject { ["$eq"] = condition.Value })));

    private async Task<HttpResponseMessage> PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        var response = await http.PostAsJsonAsync(path.TrimStart('/'), body, Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new HttpRequestException($"Pinecone {path} failed with {(int)response.StatusCode} {response.ReasonPhrase}: {detail}", null, response.StatusCode);
        }

        return response;
    }

    private sealed record PineconeVector(string Id, float[] Values, Dictionary<string, object> Metadata);

    private sealed record UpsertRequest(IReadOnlyList<PineconeVector> Vectors, string? Namespace);

    private sealed record QueryRequest(float[] Vector, int TopK, JsonObject? Filter, string? Namespace, bool IncludeMetadata, bool IncludeValues);

    private sealed record DeleteRequest(IReadOnlyList<string> Ids, string? Namespace);

    private sealed record QueryResponse(IReadOnlyList<Match> Matches);

    private sealed record Match(string Id, double Score, Dictionary<string, JsonElement>? Metadata);
}
