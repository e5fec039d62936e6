using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FaultMaven.Api.Robustness;

/// <summary>
/// The API's limits on a request's target (path and query) and headers, answered with problem details: 414 naming
/// <see cref="MaxTargetBytes"/>, 431 naming <see cref="MaxHeaderBytes"/>. Kestrel answers a request over its own limits
/// itself, before any middleware runs, with an empty 414 or 431 over HTTP/1.1 and a reset stream over HTTP/2 (no answer
/// at all); so Kestrel's limits are raised to <see cref="KestrelHeadroom"/> times these (<see cref="RaiseKestrelLimits"/>)
/// and this middleware, first in the pipeline, refuses what lies between. A request beyond Kestrel's raised limits still
/// gets Kestrel's own answer: the headroom bounds what a connection may make the server hold.
/// </summary>
public sealed class RequestSizeGuard(RequestDelegate next)
{
    /// <summary>The longest request target (path and query, as sent), in bytes: Kestrel's default request line.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>The most header bytes (each header's name and value), in bytes: Kestrel's default.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>How many times the limits above Kestrel's own are set.</summary>
    public const int KestrelHeadroom = 4;

    /// <summary>Sets Kestrel's request line and header limits (HTTP/1.1 and HTTP/2) to <see cref="KestrelHeadroom"/> times the API's.</summary>
    public static void RaiseKestrelLimits(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = KestrelHeadroom * MaxTargetBytes;
        limits.MaxRequestHeadersTotalSize = KestrelHeadroom * MaxHeaderBytes;
        // HTTP/2 carries the target as the :path header field.
        limits.Http2.MaxRequestHeaderFieldSize = KestrelHeadroom * Math.Max(MaxTargetBytes, MaxHeaderBytes);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        if (target.Length > MaxTargetBytes)
        {
            return Refuse(
                context, StatusCodes.Status414UriTooLong, "Request target too long",
                $"The path and query are {target.Length.ToString(CultureInfo.InvariantCulture)} bytes long; the API takes at most {MaxTargetBytes.ToString(CultureInfo.InvariantCulture)}. Send long values in the body (POST /query, /logs/analyze).");
        }

        var headers = context.Request.Headers.Sum(header => header.Value.Sum(value => header.Key.Length + (value?.Length ?? 0)));
        return headers > MaxHeaderBytes
            ? Refuse(
                context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                $"The headers hold {headers.ToString(CultureInfo.InvariantCulture)} bytes of names and values; the API takes at most {MaxHeaderBytes.ToString(CultureInfo.InvariantCulture)}.")
            : next(context);
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
