namespace FaultMaven.Api.Security;

public static class SecurityHeaders
{
    /// <summary>No MIME sniffing, no framing (clickjacking), no referrer leaking finding ids or query strings.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    });
}
