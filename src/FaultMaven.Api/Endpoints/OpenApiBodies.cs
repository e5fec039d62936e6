using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FaultMaven.Api.Ingestion;
using FaultMaven.Integrations.Alertmanager;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// Endpoint metadata documenting a body the endpoint reads from the request stream itself. Unlike <c>Accepts</c>,
/// whose media types routing also matches the Content-Type against, it only describes: HEC shippers send any content
/// type, or none, and must not get a 415 for it.
/// </summary>
/// <param name="ContentType">The media type shown in the document.</param>
/// <param name="Schema">What a body of that type holds; a new schema per document, since documents are built per request.</param>
public sealed record DocumentedBody(string ContentType, Func<OpenApiSchema> Schema);

/// <summary>
/// Request bodies and examples in the OpenAPI document. <c>Accepts&lt;T&gt;(types)</c> labels every media type with
/// T's schema; this gives each its own: JSON keeps T's, multipart/form-data is an object with a binary <c>file</c>
/// (and a <c>source</c> field), any other type (text/plain, text/csv, application/x-ndjson) a string of log lines.
/// Endpoints that document with <see cref="DocumentedBody"/> get their request body from it. The main request and response
/// types carry an example: an instance of the type serialized with the API's own JSON options, so it has the shape the
/// API reads and writes.
/// </summary>
public static class OpenApiBodies
{
    public const string Json = "application/json";
    public const string Multipart = "multipart/form-data";

    /// <summary>The logs of the text examples: what a paste of a failing service looks like.</summary>
    public const string ExampleLogs =
        "2026-11-30T10:00:03Z ERROR could not write to file \"pg_wal/xlogtemp.42\": No space left on device\n" +
        "2026-11-30T10:00:04Z ERROR could not write to file \"pg_wal/xlogtemp.43\": No space left on device";

    /// <summary>An example per request or response type; the tests post the request ones to their endpoints.</summary>
    public static IReadOnlyDictionary<Type, object> Examples { get; } = new Dictionary<Type, object>
    {
        [typeof(QueryRequest)] = new QueryRequest("Why does checkout fail since 10:00?", ExampleLogs, IncidentId: null),
        [typeof(AnalyzeLogsRequest)] = new AnalyzeLogsRequest(ExampleLogs, "postgres", StoreAsIncident: true),
        [typeof(FeedbackRequest)] = new FeedbackRequest("inc-3f9a1c2b7d4e5a60", "disk-full", FaultMaven.Storage.FeedbackOutcomes.Worked, "Freed 20 GB of old WAL segments"),
        [typeof(ResolveIncidentRequest)] = new ResolveIncidentRequest("Moved pg_wal to a larger volume; runbook DB-12."),
        [typeof(AlertmanagerWebhook)] = new AlertmanagerWebhook(
            AlertmanagerWebhook.SupportedVersion, "{}:{alertname=\"HighErrorRate\"}", 0, AlertmanagerAlert.Firing, "faultmaven",
            new Dictionary<string, string> { ["alertname"] = "HighErrorRate" },
            new Dictionary<string, string> { ["alertname"] = "HighErrorRate", ["service"] = "checkout" },
            new Dictionary<string, string> { ["summary"] = "checkout answers 5xx to 7% of requests" },
            "http://alertmanager:9093",
            [new AlertmanagerAlert(
                AlertmanagerAlert.Firing,
                new Dictionary<string, string> { ["alertname"] = "HighErrorRate", ["service"] = "checkout" },
                new Dictionary<string, string> { ["summary"] = "checkout answers 5xx to 7% of requests" },
                new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero),
                null,
                "http://prometheus:9090/graph?g0.expr=rate(http_requests_total%7Bstatus%3D~%225..%22%7D%5B5m%5D)",
                "3f9a1c2b7d4e5a60")]),
        [typeof(IngestResponse)] = new IngestResponse("postgres", Lines: 2, Records: 1, Bytes: System.Text.Encoding.UTF8.GetByteCount(ExampleLogs)),
        [typeof(HecResponse)] = new HecResponse("Success", 0),
    };

    /// <summary>A string of log lines, one per line, in <paramref name="mediaType"/>.</summary>
    public static OpenApiSchema Lines(string mediaType) => new()
    {
        Type = JsonSchemaType.String,
        Description = $"Log lines ({mediaType}), one per line; Content-Encoding gzip, br or deflate is undone.",
        Examples = [JsonValue.Create(ExampleLogs)],
    };

    /// <summary>Adds the operation transformer (request bodies) and the schema transformer (examples).</summary>
    public static OpenApiOptions AddBodies(this OpenApiOptions options) => options
        .AddOperationTransformer((operation, context, _) =>
        {
            var reads = context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBody>().ToList();
            if (reads.Count > 0)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = reads.ToDictionary(read => read.ContentType, read => new OpenApiMediaType { Schema = read.Schema() }),
                };
                return Task.CompletedTask;
            }

            foreach (var (mediaType, content) in operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>())
            {
                content.Schema = mediaType switch
                {
                    Json => content.Schema,
                    Multipart => Files(),
                    _ => Lines(mediaType),
                };
            }

            return Task.CompletedTask;
        })
        .AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is null && Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
            {
                var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                schema.Examples = [JsonSerializer.SerializeToNode(example, example.GetType(), new JsonSerializerOptions(json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })!];
            }

            return Task.CompletedTask;
        });

    /// <summary>Documents a body the endpoint reads itself, without restricting the Content-Type it is sent with.</summary>
    public static TBuilder DocumentsBody<TBuilder>(this TBuilder builder, string contentType, Func<OpenApiSchema> schema)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new DocumentedBody(contentType, schema));

    private static OpenApiSchema Files() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "One or more file parts (any field name) of log lines; files named .gz are gunzipped. Each file's source is the query's source, else the form's source field, else the file name without extension.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "A log file." },
            ["source"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The source every file is stored or analyzed under." },
        },
        Required = new HashSet<string> { "file" },
    };
}
