using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// Makes the document's body schemas say what the API reads and writes. Every string property had an empty schema
/// (<c>{}</c>): the API reads strings with its own converter (<see cref="Robustness.NulRejectingStringConverter"/>), and
/// System.Text.Json's schema exporter says nothing about a type with a custom converter, so this gives them their type,
/// with <c>null</c> when the property is nullable. A body of which any one of several properties suffices says so
/// (<see cref="AnyOfRequired"/>): each property is optional, and at least one is needed. A required property of a request
/// body is not nullable there: its C# type is (<c>string?</c>), so that the endpoint can name what is missing, but a
/// null is refused as a missing value is (a response's required property stays nullable: it is present, maybe null).
/// </summary>
public static class OpenApiSchemaTypes
{
    /// <summary>Bodies that need at least one of their properties, none of them in particular.</summary>
    public static IReadOnlyDictionary<Type, string[]> AnyOfRequired { get; } = new Dictionary<Type, string[]>
    {
        [typeof(QueryRequest)] = ["question", "logs", "incidentId"],
    };

    /// <summary>Adds the schema transformer, and the document transformer for request bodies.</summary>
    public static OpenApiOptions AddSchemaTypes(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            var components = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
            var requestBodies = (document.Paths ?? [])
                .SelectMany(path => path.Value.Operations ?? [])
                .Select(operation => operation.Value.RequestBody?.Content is { } content && content.TryGetValue(OpenApiBodies.Json, out var json) ? json.Schema : null)
                .OfType<IOpenApiSchema>();
            var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
            foreach (var body in requestBodies)
            {
                RequireNonNull(body, components, seen);
            }

            return Task.CompletedTask;
        })
        .AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            // A parameter's own schema is left to OpenApiParameterSchemas, which also gives times their format.
            var parameter = context.JsonPropertyInfo is null && context.ParameterDescription is not null;
            if (type == typeof(string) && !parameter && schema.Type is null && schema.Enum is not { Count: > 0 })
            {
                schema.Type = JsonSchemaType.String | (IsNullable(context.JsonPropertyInfo) ? JsonSchemaType.Null : 0);
            }

            if (context.JsonPropertyInfo is null && AnyOfRequired.TryGetValue(type, out var properties))
            {
                schema.AnyOf = [.. properties.Select(property => (IOpenApiSchema)new OpenApiSchema { Required = new HashSet<string> { property } })];
            }

            return Task.CompletedTask;
        });

    /// <summary>Drops <c>null</c> from the required properties of <paramref name="schema"/> and of the schemas it holds, once each.</summary>
    private static void RequireNonNull(IOpenApiSchema schema, IDictionary<string, IOpenApiSchema> components, HashSet<IOpenApiSchema> seen)
    {
        var target = schema is OpenApiSchemaReference { Reference.Id: { } id } ? (components.TryGetValue(id, out var component) ? component : null) : schema;
        if (target is not OpenApiSchema resolved || !seen.Add(resolved))
        {
            return;
        }

        foreach (var (name, property) in resolved.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (resolved.Required?.Contains(name) == true && property is OpenApiSchema { Type: { } type } inline)
            {
                inline.Type = type & ~JsonSchemaType.Null;
            }

            RequireNonNull(property, components, seen);
        }

        if (resolved.Items is { } items)
        {
            RequireNonNull(items, components, seen);
        }
    }

    /// <summary>Whether the property is declared nullable (<c>string?</c>), which System.Text.Json reads from its annotations.</summary>
    private static bool IsNullable(JsonPropertyInfo? property) => property is { IsGetNullable: true } or { IsSetNullable: true };
}
