using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// POST endpoints that read only some content types. Routing's Accepts matcher alone answers any other content type
/// with a bare 415 before authentication runs, which tells an anonymous caller what an endpoint reads. So each such
/// endpoint gets a twin at the same route, later in order, with the same authorization and no Accepts metadata: routing
/// picks it for the other content types, the caller is authenticated and authorized first (401, 403), and then gets a
/// 415 problem naming the types the endpoint reads. The twin is left out of the OpenAPI document.
/// </summary>
public static class ReadingEndpoints
{
    /// <summary>Maps <paramref name="handler"/> for <paramref name="contentTypes"/> (its request schema <typeparamref name="TRequest"/>) and the twin for the rest.</summary>
    /// <param name="policy">The endpoint's own authorization policy beyond its group's, or null for the group's alone.</param>
    public static RouteHandlerBuilder MapPostReading<TRequest>(
        this IEndpointRouteBuilder routes, string pattern, Delegate handler, string? policy, string contentType, params string[] moreContentTypes)
        where TRequest : notnull
    {
        string[] accepted = [contentType, .. moreContentTypes];
        var twin = routes.MapPost(pattern, (HttpRequest request) => UnsupportedMediaType(request, accepted))
            .WithOrder(1)
            .ExcludeFromDescription()
            .DisableAntiforgery();
        var endpoint = routes.MapPost(pattern, handler).Accepts<TRequest>(contentType, moreContentTypes);
        if (policy is not null)
        {
            twin.RequireAuthorization(policy);
            endpoint.RequireAuthorization(policy);
        }

        return endpoint;
    }

    /// <summary>415 naming the media types the endpoint reads.</summary>
    public static ProblemHttpResult UnsupportedMediaType(HttpRequest request, params string[] accepted) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        detail: $"'{request.ContentType}' is not read here; send {string.Join(" or ", accepted)}.");
}
