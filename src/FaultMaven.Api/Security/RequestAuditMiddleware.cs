using System.Security.Claims;
using FaultMaven.Storage.Audit;
using Microsoft.AspNetCore.Routing;

namespace FaultMaven.Api.Security;

/// <summary>
/// Audits each authenticated API action once its response is sent (through <see cref="RequestAuditWriter"/>): who (the token's subject), what
/// (method and route), the path, from where, and the status code. A request refused without valid credentials is only
/// counted, into one row per client address and minute (<see cref="RefusedRequestAudit"/>). Probes, metrics and the
/// token endpoints are not actions on data and are left out.
/// </summary>
public sealed class RequestAuditMiddleware(RequestDelegate next, RequestAuditWriter audit, RefusedRequestAudit refusals)
{
    private static readonly string[] Unaudited = ["/healthz", "/readyz", "/metrics", "/connect/", "/account/", "/.well-known/"];

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (Unaudited.Any(prefix => context.Request.Path.StartsWithSegments(prefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var user = context.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        var status = context.Response.StatusCode;
        if (!authenticated)
        {
            if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            {
                refusals.Count(context.Connection.RemoteIpAddress?.ToString(), RefusedRequestAudit.Unauthorized);
            }

            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var entry = new AuditEntry(
            Actor: user.FindFirstValue("sub") ?? user.Identity!.Name ?? "unknown",
            Action: $"api.{context.Request.Method} {route}",
            Target: context.Request.Path.Value ?? "",
            Outcome: status.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            SourceAddress = context.Connection.RemoteIpAddress?.ToString(),
        };
        // Queued for RequestAuditWriter's batches: an append of its own here would hold the connection's next request.
        context.Response.OnCompleted(() => audit.EnqueueAsync(entry).AsTask());
    }
}
