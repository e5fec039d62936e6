using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// A type for every query and route parameter in the OpenAPI document. The generator left the schema of string and
/// boolean parameters empty (<c>{}</c>), so a client generator or a reader could not tell a time from a number; this
/// fills an empty schema from the parameter's .NET type, and documents the paging time range (<c>from</c>, <c>to</c>,
/// parsed as ISO 8601 by <see cref="QueryParameters.Time"/>) as RFC 3339 date-times.
/// </summary>
public static class OpenApiParameterSchemas
{
    /// <summary>Adds the operation transformer.</summary>
    public static OpenApiOptions AddParameterSchemas(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var types = context.Description.ParameterDescriptions
                .GroupBy(description => description.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(group => group.Key, group => Nullable.GetUnderlyingType(group.First().Type) ?? group.First().Type, StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                if (parameter.Name is not { } name || parameter.Schema is { Type: not null } or { Enum.Count: > 0 } or OpenApiSchemaReference)
                {
                    continue;
                }

                var type = types.GetValueOrDefault(name) ?? typeof(string);
                parameter.Schema = name is "from" or "to"
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }
                    : new OpenApiSchema { Type = type == typeof(bool) ? JsonSchemaType.Boolean : type == typeof(int) || type == typeof(long) ? JsonSchemaType.Integer : JsonSchemaType.String };
            }

            return Task.CompletedTask;
        });
}
