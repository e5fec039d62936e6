using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// Every response an endpoint's metadata declares, in the OpenAPI document. ASP.NET Core's API explorer keeps one
/// response type per status, so a status answered with two bodies loses one: <c>/logs/ingest</c>'s 202 is one
/// source's receipt or a list of them (multipart), a HEC endpoint's 400 is HEC's <c>{text, code}</c> or a problem.
/// This adds each missing media type of a status, and where one media type has several types, a <c>oneOf</c> of them.
/// </summary>
public static class OpenApiResponseUnions
{
    /// <summary>Adds the operation transformer; register it after any that add responses of their own (401 and 403 of <c>OpenApiSecurity</c>).</summary>
    public static OpenApiOptions AddResponseUnions(this OpenApiOptions options) =>
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
                .Where(m => m.Type is { } type && type != typeof(void))
                .SelectMany(m => (m.ContentTypes.Any() ? m.ContentTypes : ["application/json"]).Select(media => (Status: m.StatusCode, Media: media, Type: m.Type!)))
                .Distinct()
                .GroupBy(d => (d.Status, d.Media));
            foreach (var group in declared)
            {
                var types = group.Select(d => d.Type).Distinct().ToList();
                var status = group.Key.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                operation.Responses ??= [];
                if (!operation.Responses.TryGetValue(status, out var found) || found is not OpenApiResponse response)
                {
                    response = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(group.Key.Status) };
                    operation.Responses[status] = response;
                }

                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (response.Content.ContainsKey(group.Key.Media) && types.Count == 1)
                {
                    continue;
                }

                var schemas = new List<IOpenApiSchema>();
                foreach (var type in types)
                {
                    schemas.Add(await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
                }

                response.Content[group.Key.Media] = new OpenApiMediaType { Schema = schemas.Count == 1 ? schemas[0] : new OpenApiSchema { OneOf = schemas } };
            }
        });
}
