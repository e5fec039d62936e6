using System.Security.Cryptography;
using System.Text;
using FaultMaven.Retrieval.Embeddings;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace FaultMaven.Retrieval.VectorStores;

/// <summary>
/// A Qdrant collection over gRPC (Qdrant.Client), created with the model's dimension and the cosine distance on first use.
/// Qdrant point ids are integers or UUIDs, so each incident id maps to a name-based UUID and is kept in the payload too.
/// </summary>
public sealed class QdrantIncidentVectorStore(QdrantClient client, string collection, EmbeddingModel model) : IIncidentVectorStore
{
    private readonly SemaphoreSlim collectionGate = new(1, 1);
    private bool collectionReady;

    public async Task UpsertAsync(IncidentVector vector, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        var point = new PointStruct
        {
            Id = PointIdOf(vector.IncidentId),
            Vectors = vector.Vector.ToArray(),
            Payload =
            {
                [MetadataFields.IncidentId] = vector.IncidentId,
                [MetadataFields.Status] = MetadataFields.StatusName(vector.Metadata.Status),
                [MetadataFields.Resolved] = vector.Metadata.Resolved,
                [MetadataFields.EmbeddedAt] = vector.EmbeddedAt.ToString("O"),
            },
        };
        if (vector.Metadata.Service is { } service)
        {
            point.Payload[MetadataFields.Service] = service;
        }

        if (vector.Metadata.Team is { } team)
        {
            point.Payload[MetadataFields.Team] = team;
        }

        await client.UpsertAsync(collection, [point], cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<VectorMatch>> QueryAsync(
        ReadOnlyMemory<float> vector, int top, IncidentFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        await EnsureCollectionAsync(cancellationToken);
        var points = await client.QueryAsync(
            collection,
            query: vector.ToArray(),
            filter: filter is null ? null : FilterOf(filter),
            limit: (ulong)top,
            payloadSelector: true,
            cancellationToken: cancellationToken);
        return points.Select(point => new VectorMatch(Text(point, MetadataFields.IncidentId)!, point.Score, MetadataOf(point))).ToList();
    }

    public async Task DeleteAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        await client.DeleteAsync(collection, PointIdOf(incidentId), cancellationToken: cancellationToken);
    }

    /// <summary>The UUID an incident's point has: the first 16 bytes of the SHA-256 of its id, marked as a name-based UUID.</summary>
    public static Guid PointIdOf(string incidentId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(incidentId), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    private static Filter FilterOf(IncidentFilter filter)
    {
        var result = new Filter();
        result.Must.AddRange(MetadataFields.Conditions(filter).Select(condition => Conditions.MatchKeyword(condition.Key, condition.Value)));
        return result;
    }

    private static IncidentMetadata MetadataOf(ScoredPoint point) => new(
        Text(point, MetadataFields.Service),
        Text(point, MetadataFields.Team),
        MetadataFields.ParseStatus(Text(point, MetadataFields.Status) ?? throw new InvalidDataException($"Qdrant point {point.Id} has no {MetadataFields.Status} payload")));

    private static string? Text(ScoredPoint point, string key) =>
        point.Payload.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;

    private async Task EnsureCollectionAsync(CancellationToken cancellationToken)
    {
        if (collectionReady)
        {
            return;
        }

        await collectionGate.WaitAsync(cancellationToken);
        try
        {
            if (!collectionReady && !await client.CollectionExistsAsync(collection, cancellationToken))
            {
                await client.CreateCollectionAsync(
                    collection, new VectorParams { Size = (ulong)model.Dimensions, Distance = Distance.Cosine }, cancellationToken: cancellationToken);
            }

            collectionReady = true;
        }
        finally
        {
            collectionGate.Release();
        }
    }
}
