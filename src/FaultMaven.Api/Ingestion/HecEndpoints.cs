using FaultMaven.Pipeline.Ingestion;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Ingestion;

/// <summary>
/// Splunk HTTP Event Collector compatible endpoints, so shippers with a HEC output (Fluent Bit, Vector, the OTel
/// collector's splunk_hec exporter, Splunk's own logging libraries) work unchanged: the paths with and without
/// <c>/1.0</c>, any or no content type, the token as <c>Authorization: Splunk TOKEN</c> or (when enabled) <c>?token=</c>,
/// a channel in <c>X-Splunk-Request-Channel</c> or <c>?channel=</c>. Responses use HEC's own shape and codes:
/// <c>{"text": ..., "code": ...}</c>.
/// </summary>
public static class HecEndpoints
{
    public const string DefaultSource = "hec";

    public static IEndpointRouteBuilder MapHecEndpoints(this IEndpointRouteBuilder routes)
    {
        // Every HEC answer, success or not, is HEC's {text, code}.
        int[] statuses = [StatusCodes.Status200OK, StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable];
        var hec = routes.MapGroup("/services/collector").WithTags("Splunk HEC").DisableAntiforgery().WithBodyLimit(routes)
            .WithMetadata([.. statuses.Select(status => new ProducesResponseTypeMetadata(status, typeof(HecResponse), ["application/json"]))]);
        hec.MapPost("/event", Event).WithSummary("HEC events (JSON objects, concatenated or one per line).");
        hec.MapPost("/event/1.0", Event).WithSummary("Alias of /services/collector/event (the versioned path Splunk's libraries use).");
        hec.MapPost("/", Event).WithSummary("Alias of /services/collector/event.");
        hec.MapPost("/raw", Raw).WithSummary("HEC raw: lines of text under ?source= (default 'hec').");
        hec.MapPost("/raw/1.0", Raw).WithSummary("Alias of /services/collector/raw.");
        hec.MapGet("/health", Health).WithSummary("HEC's health check: 200 code 17, or 503 code 18 while ingestion is behind.");
        hec.MapGet("/health/1.0", Health).WithSummary("Alias of /services/collector/health.");
        return routes;
    }

    private static async Task<IResult> Event(
        HttpRequest request, RawLogPublisher publisher, FlowControl flowControl, IOptions<IngestionOptions> options, IdempotentIngest idempotent, CancellationToken cancellationToken)
    {
        if ((Authorize(request, options.Value) ?? await Busy(request, flowControl, cancellationToken)) is { } refused)
        {
            return refused;
        }

        return await idempotent.RunAsync(request.HttpContext, CallerOf(request), () => IngestEndpoints.Guarded(options.Value.MaxBodyBytes, async () =>
        {
            await using var body = RequestBodies.Open(request);
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, cancellationToken);
            IReadOnlyList<HecLine> lines;
            try
            {
                lines = HecEvents.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), request.Query["source"].FirstOrDefault() ?? DefaultSource, options.Value.MaxLineBytes);
            }
            catch (HecFormatException exception)
            {
                return Results.Json(new HecResponse(exception.Message, exception.Code), statusCode: StatusCodes.Status400BadRequest);
            }

            foreach (var (source, chunk) in HecEvents.BySource(lines))
            {
                await publisher.PublishAsync(source, IngestEndpoints.Chunks(new MemoryStream(chunk), options.Value, cancellationToken), null, cancellationToken);
            }

            return Results.Json(new HecResponse("Success", 0));
        }, HecExtensions));
    }

    /// <summary>HEC clients read <c>text</c> and <c>code</c>; problem bodies of the HEC endpoints carry them too.</summary>
    private static IDictionary<string, object?> HecExtensions(string text, int code) => new Dictionary<string, object?> { ["text"] = text, ["code"] = code };

    private static async Task<IResult> Raw(
        HttpRequest request, RawLogPublisher publisher, FlowControl flowControl, IOptions<IngestionOptions> options, IdempotentIngest idempotent, CancellationToken cancellationToken)
    {
        if ((Authorize(request, options.Value) ?? await Busy(request, flowControl, cancellationToken)) is { } refused)
        {
            return refused;
        }

        return await idempotent.RunAsync(request.HttpContext, CallerOf(request), () => IngestEndpoints.Guarded(options.Value.MaxBodyBytes, async () =>
        {
            await using var body = await IngestBuffer.ReadAsync(RequestBodies.Open(request), options.Value, cancellationToken);
            var source = request.Query["source"].FirstOrDefault() ?? DefaultSource;
            await publisher.PublishAsync(source, IngestEndpoints.Chunks(body, options.Value, cancellationToken), null, cancellationToken);
            return Results.Json(new HecResponse("Success", 0));
        }, HecExtensions));
    }

    /// <summary>HEC's health: healthy (code 17) unless consumers are so far behind that ingestion refuses data (code 18, 503).</summary>
    private static async Task<IResult> Health(FlowControl flowControl, CancellationToken cancellationToken) =>
        (await flowControl.CheckAsync(1, cancellationToken)).Admitted
            ? Results.Json(new HecResponse("HEC is healthy", 17))
            : Results.Json(new HecResponse("HEC is unhealthy, queues are full", 18), statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Idempotency keys of HEC requests belong to the HEC token that sent them (by hash; the token is never stored).</summary>
    private static string CallerOf(HttpRequest request) =>
        "hec:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TokenOf(request) ?? "")))[..16];

    /// <summary>The token from <c>Authorization: Splunk TOKEN</c>, else from <c>?token=</c>; null when neither is there.</summary>
    private static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Splunk ", StringComparison.OrdinalIgnoreCase) ? header["Splunk ".Length..].Trim() : request.Query["token"].FirstOrDefault();
    }

    /// <summary>HEC's "server is busy" (code 9, HTTP 503) as a problem body that also carries HEC's text and code.</summary>
    private static Task<IResult?> Busy(HttpRequest request, FlowControl flowControl, CancellationToken cancellationToken) =>
        Backpressure.RefuseWhileBehind(request.HttpContext, flowControl, cancellationToken, HecExtensions("Server is busy", 9));

    /// <summary>
    /// HEC's token and channel checks, with its codes: 1 (no tokens configured), 2 (missing), 3 (malformed), 4
    /// (invalid), 16 (<c>?token=</c> while <see cref="IngestionOptions.HecQueryStringToken"/> is off), 11 (a channel
    /// that is not a GUID).
    /// </summary>
    private static IResult? Authorize(HttpRequest request, IngestionOptions options)
    {
        if (options.HecTokens.Count == 0)
        {
            return Results.Json(new HecResponse($"Token disabled: set {IngestionOptions.Section}:HecTokens", 1), statusCode: StatusCodes.Status403Forbidden);
        }

        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0 && !header.StartsWith("Splunk ", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(new HecResponse("Invalid authorization", 3), statusCode: StatusCodes.Status401Unauthorized);
        }

        if (header.Length == 0 && request.Query.ContainsKey("token") && !options.HecQueryStringToken)
        {
            return Results.Json(new HecResponse($"Query string authorization is not enabled: set {IngestionOptions.Section}:HecQueryStringToken", 16), statusCode: StatusCodes.Status400BadRequest);
        }

        if (TokenOf(request) is not { Length: > 0 } token)
        {
            return Results.Json(new HecResponse("Token is required", 2), statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!options.HecTokens.Any(t => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(t), System.Text.Encoding.UTF8.GetBytes(token))))
        {
            return Results.Json(new HecResponse("Invalid token", 4), statusCode: StatusCodes.Status403Forbidden);
        }

        var channel = request.Headers["X-Splunk-Request-Channel"].FirstOrDefault() ?? request.Query["channel"].FirstOrDefault();
        return channel is null || Guid.TryParse(channel, out _)
            ? null
            : Results.Json(new HecResponse("Invalid data channel", 11), statusCode: StatusCodes.Status400BadRequest);
    }
}

public sealed record HecResponse(string Text, int Code);
