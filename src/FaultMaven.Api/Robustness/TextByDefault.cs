namespace FaultMaven.Api.Robustness;

/// <summary>
/// A request body without a Content-Type is taken as text/plain, before routing: the ingestion and analysis endpoints
/// read text by default, and routing's content-type matching (see <see cref="Endpoints.ReadingEndpoints"/>) would
/// otherwise send such a request to the endpoint that refuses unread types.
/// </summary>
public sealed class TextByDefault(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.ContentType) && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            request.ContentType = "text/plain";
        }

        return next(context);
    }
}
