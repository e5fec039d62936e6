using System.Text.Json.Nodes;
using FaultMaven.Retrieval.VectorStores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaultMaven.Retrieval.Tests;

/// <summary>Pinecone cannot run here: the real client code talks HTTP to a local stub that checks each request and answers as Pinecone's data-plane API documents.</summary>
public sealed class PineconeStubTests : IAsyncLifetime
{
    private const string ApiKey = "pc-test-key";
    private const string Namespace = "incidents";

    private readonly List<(string Path, JsonObject Body)> requests = [];
    private StubServer server = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        server = await StubServer.StartAsync(app =>
        {
            app.MapPost("/vectors/upsert", async (HttpContext context) => await AnswerAsync(context, new JsonObject { ["upsertedCount"] = 1 }));
            app.MapPost("/query", async (HttpContext context) => await AnswerAsync(context, DocumentedQueryResponse()));
            app.MapPost("/vectors/delete", async (HttpContext context) => await AnswerAsync(context, new JsonObject()));
        });
        http = new HttpClient();
        PineconeIncidentVectorStore.Configure(http, new PineconeOptions { IndexHost = server.Address.ToString(), ApiKey = ApiKey });
    }

    [Fact]
    public async Task Pinecone_client_against_stub_server_upserts_the_vector_with_its_metadata()
    {
        var store = new PineconeIncidentVectorStore(http, Namespace);

        await store.UpsertAsync(new IncidentVector(
            "k8s-oom", new float[] { 0.25f, -0.5f }, new IncidentMetadata("checkout", null, IncidentStatus.Resolved), DateTimeOffset.UnixEpoch));

        var (path, body) = Assert.Single(requests);
        Assert.Equal("/vectors/upsert", path);
        Assert.Equal(Namespace, (string?)body["namespace"]);
        var vector = body["vectors"]!.AsArray().Single()!;
        Assert.Equal("k8s-oom", (string?)vector["id"]);
        Assert.Equal([0.25f, -0.5f], vector["values"]!.AsArray().Select(value => (float)value!));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"status":"resolved","resolved":true,"embedded_at":"1970-01-01T00:00:00.0000000+00:00","service":"checkout"}"""),
            vector["metadata"]), vector["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task Pinecone_client_against_stub_server_sends_filtered_query_and_reads_the_matches()
    {
        var store = new PineconeIncidentVectorStore(http, Namespace);

        var matches = await store.QueryAsync(new float[] { 1, 0 }, 2, new IncidentFilter { Service = "checkout", Status = IncidentStatus.Resolved });

        var (path, body) = Assert.Single(requests);
        Assert.Equal("/query", path);
        Assert.Equal(2, (int)body["topK"]!);
        Assert.True((bool)body["includeMetadata"]!);
        Assert.False((bool)body["includeValues"]!);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"service":{"$eq":"checkout"},"status":{"$eq":"resolved"}}"""), body["filter"]), body["filter"]?.ToJsonString());
        Assert.Equal(
            [new VectorMatch("k8s-oom", 0.91, new IncidentMetadata("checkout", "payments", IncidentStatus.Resolved)),
             new VectorMatch("pg-slow-query", 0.62, new IncidentMetadata("checkout", null, IncidentStatus.Resolved))],
            matches);
    }

    [Fact]
    public async Task Pinecone_client_against_stub_server_sends_no_filter_when_none_is_asked()
    {
        await new PineconeIncidentVectorStore(http, Namespace).QueryAsync(new float[] { 1, 0 }, 2);

        Assert.False(Assert.Single(requests).Body.ContainsKey("filter"));
    }

    [Fact]
    public async Task Pinecone_client_against_stub_server_deletes_by_id()
    {
        await new PineconeIncidentVectorStore(http, Namespace).DeleteAsync("k8s-oom");

        var (path, body) = Assert.Single(requests);
        Assert.Equal("/vectors/delete", path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"ids":["k8s-oom"],"namespace":"incidents"}"""), body), body.ToJsonString());
    }

    [Fact]
    public async Task Pinecone_client_against_stub_server_reports_a_refused_key_with_the_status_and_body()
    {
        http.DefaultRequestHeaders.Remove("Api-Key");
        http.DefaultRequestHeaders.Add("Api-Key", "wrong");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new PineconeIncidentVectorStore(http, Namespace).DeleteAsync("k8s-oom"));

        Assert.Equal("Pinecone /vectors/delete failed with 401 Unauthorized: {\"code\":16,\"message\":\"Invalid API Key\"}", error.Message);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    // The shape of Pinecone's documented query response; the second match has no team, as Pinecone omits absent metadata.
    private static JsonObject DocumentedQueryResponse() => JsonNode.Parse("""
        {
          "results": [],
          "matches": [
            {"id": "k8s-oom", "score": 0.91, "values": [],
             "metadata": {"service": "checkout", "team": "payments", "status": "resolved", "resolved": true, "embedded_at": "2026-01-01T00:00:00.0000000+00:00"}},
            {"id": "pg-slow-query", "score": 0.62, "values": [],
             "metadata": {"service": "checkout", "status": "resolved", "resolved": true, "embedded_at": "2026-01-01T00:00:00.0000000+00:00"}}
          ],
          "namespace": "incidents",
          "usage": {"readUnits": 5}
        }
        """)!.AsObject();

    private async Task AnswerAsync(HttpContext context, JsonObject response)
    {
        if (context.Request.Headers["Api-Key"] != ApiKey)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""{"code":16,"message":"Invalid API Key"}""");
            return;
        }

        Assert.StartsWith("application/json", context.Request.ContentType, StringComparison.Ordinal);
        Assert.Equal(PineconeIncidentVectorStore.ApiVersion, context.Request.Headers["X-Pinecone-API-Version"]);
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        lock (requests)
        {
            requests.Add((context.Request.Path, body));
        }

        await context.Response.WriteAsJsonAsync(response);
    }
}
