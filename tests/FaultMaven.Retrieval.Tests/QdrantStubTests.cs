using System.Buffers.Binary;
using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace FaultMaven.Retrieval.Tests;

/// <summary>
/// Qdrant cannot run here: the real Qdrant.Client gRPC calls go to a local HTTP/2 stub that checks each request and answers
/// with Qdrant's own protobuf messages. Qdrant.Client ships client stubs only, so the stub frames gRPC messages itself.
/// </summary>
public sealed class QdrantStubTests : IAsyncLifetime
{
    private const string ApiKey = "qdrant-test-key";
    private const string Collection = "incidents";

    private static readonly EmbeddingModel Model = new("test:axes", 2);

    private readonly List<IMessage> requests = [];
    private bool collectionExists;
    private StubServer server = null!;
    private QdrantClient client = null!;

    public async Task InitializeAsync()
    {
        server = await StubServer.StartAsync(app =>
        {
            Map(app, "qdrant.Collections/CollectionExists", CollectionExistsRequest.Parser,
                _ => new CollectionExistsResponse { Result = new CollectionExists { Exists = collectionExists } });
            Map(app, "qdrant.Collections/Create", CreateCollection.Parser, _ => new CollectionOperationResponse { Result = true });
            Map(app, "qdrant.Points/Upsert", UpsertPoints.Parser, _ => Completed());
            Map(app, "qdrant.Points/Delete", DeletePoints.Parser, _ => Completed());
            Map(app, "qdrant.Points/Query", QueryPoints.Parser, _ => DocumentedQueryResponse());
        }, http2Only: true);
        client = new QdrantClient(server.Address, ApiKey);
    }

    [Fact]
    public async Task Qdrant_client_against_stub_server_creates_the_cosine_collection_once_then_upserts_the_point_with_its_payload()
    {
        var store = new QdrantIncidentVectorStore(client, Collection, Model);

        await store.UpsertAsync(Vector("k8s-oom"));
        await store.UpsertAsync(Vector("pg-deadlock"));

        Assert.Equal(
            [nameof(CollectionExistsRequest), nameof(CreateCollection), nameof(UpsertPoints), nameof(UpsertPoints)],
            requests.Select(request => request.GetType().Name));
        var create = (CreateCollection)requests[1];
        Assert.Equal((Collection, 2ul, Distance.Cosine), (create.CollectionName, create.VectorsConfig.Params.Size, create.VectorsConfig.Params.Distance));
        var point = ((UpsertPoints)requests[2]).Points.Single();
        Assert.Equal(QdrantIncidentVectorStore.PointIdOf("k8s-oom").ToString(), point.Id.Uuid);
        Assert.Equal([0.6f, 0.8f], point.Vectors.Vector.Dense.Data);
        Assert.Equal("k8s-oom", point.Payload[MetadataFields.IncidentId].StringValue);
        Assert.Equal("checkout", point.Payload[MetadataFields.Service].StringValue);
        Assert.Equal("resolved", point.Payload[MetadataFields.Status].StringValue);
        Assert.True(point.Payload[MetadataFields.Resolved].BoolValue);
        Assert.False(point.Payload.ContainsKey(MetadataFields.Team));
    }

    [Fact]
    public async Task Qdrant_client_against_stub_server_sends_filtered_query_and_reads_the_scored_points()
    {
        collectionExists = true;
        var store = new QdrantIncidentVectorStore(client, Collection, Model);

        var matches = await store.QueryAsync(new float[] { 1, 0 }, 2, new IncidentFilter { Team = "payments", Status = IncidentStatus.Resolved });

        var query = Assert.IsType<QueryPoints>(requests[^1]);
        Assert.Equal((Collection, 2ul, true), (query.CollectionName, query.Limit, query.WithPayload.Enable));
        Assert.Equal([1f, 0f], query.Query.Nearest.Dense.Data);
        Assert.Equal(
            [("team", "payments"), ("status", "resolved")],
            query.Filter.Must.Select(condition => (condition.Field.Key, condition.Field.Match.Keyword)));
        Assert.Equal(
            [new VectorMatch("k8s-oom", 0.91f, new IncidentMetadata("checkout", "payments", IncidentStatus.Resolved)),
             new VectorMatch("jvm-threads", 0.5f, new IncidentMetadata(null, "payments", IncidentStatus.Resolved))],
            matches);
    }

    [Fact]
    public async Task Qdrant_client_against_stub_server_deletes_the_incidents_point()
    {
        collectionExists = true;

        await new QdrantIncidentVectorStore(client, Collection, Model).DeleteAsync("k8s-oom");

        var delete = Assert.IsType<DeletePoints>(requests[^1]);
        Assert.Equal(Collection, delete.CollectionName);
        Assert.Equal(QdrantIncidentVectorStore.PointIdOf("k8s-oom").ToString(), delete.Points.Points.Ids.Single().Uuid);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private static IncidentVector Vector(string id) =>
        new(id, new float[] { 0.6f, 0.8f }, new IncidentMetadata("checkout", null, IncidentStatus.Resolved), DateTimeOffset.UnixEpoch);

    private static PointsOperationResponse Completed() =>
        new() { Result = new UpdateResult { OperationId = 1, Status = UpdateStatus.Completed }, Time = 0.001 };

    private static QueryResponse DocumentedQueryResponse() => new()
    {
        Result =
        {
            ScoredPointOf("k8s-oom", 0.91f, ("service", "checkout"), ("team", "payments"), ("status", "resolved")),
            ScoredPointOf("jvm-threads", 0.5f, ("team", "payments"), ("status", "resolved")),
        },
        Time = 0.002,
    };

    private static ScoredPoint ScoredPointOf(string incidentId, float score, params (string Key, string Value)[] payload)
    {
        var point = new ScoredPoint { Id = QdrantIncidentVectorStore.PointIdOf(incidentId), Score = score, Version = 3 };
        point.Payload[MetadataFields.IncidentId] = incidentId;
        point.Payload[MetadataFields.Resolved] = true;
        foreach (var (key, value) in payload)
        {
            point.Payload[key] = value;
        }

        return point;
    }

    // A unary gRPC call: one length-prefixed message each way, the status in the trailers.
    private void Map<TRequest>(WebApplication app, string method, MessageParser<TRequest> parser, Func<TRequest, IMessage> answer)
        where TRequest : IMessage<TRequest>
    {
        app.MapPost("/" + method, async (HttpContext context) =>
        {
            context.Response.ContentType = "application/grpc";
            if (context.Request.Headers["api-key"] != ApiKey)
            {
                context.Response.AppendTrailer("grpc-status", "16");
                context.Response.AppendTrailer("grpc-message", "Invalid api-key");
                return;
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var request = parser.ParseFrom(body.GetBuffer().AsSpan(5, (int)body.Length - 5));
            lock (requests)
            {
                requests.Add(request);
            }

            var reply = answer(request).ToByteArray();
            var frame = new byte[5 + reply.Length];
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), reply.Length);
            reply.CopyTo(frame, 5);
            await context.Response.Body.WriteAsync(frame);
            context.Response.AppendTrailer("grpc-status", "0");
        });
    }
}
