namespace FaultMaven.Api.Robustness;

/// <summary>
/// A request body without a Content-Type is taken as text/plain, before routing: the ingestion and analysis endpoints
/// read text by default, and routing's content-type matching (see <see cref="Endpoints.ReadingEndpoints"/>) would
/// otherwise send such a request to the endpoint that refuses unread types. An empty body of a POST, PUT or PATCH is a
/// body too (Kestrel says a request with <c>Content-Length: 0</c> cannot have one): <c>/logs/ingest</c> answers it with
/// 202 and 0 lines, as it answers an empty text/plain body, not with a 415 naming the content type '' it was not sent.
/// </summary>
public sealed class TextByDefault(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var hasBody = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
                      || HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);
        if (string.IsNullOrEmpty(request.ContentType) && hasBody)
        {
            request.ContentType = "text/plain";
        }

        return next(context);
    }
}
