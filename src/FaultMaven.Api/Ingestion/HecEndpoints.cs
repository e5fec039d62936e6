using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Ingestion;

/// <summary>
/// Splunk HTTP Event Collector compatible endpoints, so shippers with a HEC output (Fluent Bit, Vector, the OTel
/// collector's splunk_hec exporter) work unchanged. Responses use HEC's own shape: <c>{"text": ..., "code": ...}</c>.
/// </summary>
public static class HecEndpoints
{
    public const string DefaultSource = "hec";

    public static IEndpointRouteBuilder MapHecEndpoints(this IEndpointRouteBuilder routes)
    {
        var hec = routes.MapGroup("/services/collector").WithTags("Splunk HEC").DisableAntiforgery();
        hec.MapPost("/event", Event).WithSummary("HEC events (JSON objects, concatenated or one per line).");
        hec.MapPost("/", Event).WithSummary("Alias of /services/collector/event.");
        hec.MapPost("/raw", Raw).WithSummary("HEC raw: lines of text under ?source= (default 'hec').");
        hec.MapGet("/health", () => Results.Json(new HecResponse("HEC is healthy", 17)));
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
            await using var body = RequestBodies.Open(request, options.Value.MaxBodyBytes);
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, cancellationToken);
            IReadOnlyList<HecLine> lines;
            try
            {
                lines = HecEvents.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), request.Query["source"].FirstOrDefault() ?? DefaultSource, options.Value.MaxLineBytes);
            }
            catch (HecFormatException exception)
            {
                return Results.Json(new HecResponse($"Invalid data format: {exception.Message}", 6), statusCode: StatusCodes.Status400BadRequest);
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
            await using var body = await IngestBuffer.ReadAsync(RequestBodies.Open(request, options.Value.MaxBodyBytes), options.Value, cancellationToken);
            var source = request.Query["source"].FirstOrDefault() ?? DefaultSource;
            await publisher.PublishAsync(source, IngestEndpoints.Chunks(body, options.Value, cancellationToken), null, cancellationToken);
            return Results.Json(new HecResponse("Success", 0));
        }, HecExtensions));
    }

    /// <summary>Idempotency keys of HEC requests belong to the HEC token that sent them (by hash; the token is never stored).</summary>
    private static string CallerOf(HttpRequest request) =>
        "hec:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString())))[..16];

    /// <summary>HEC's "server is busy" (code 9, HTTP 503) as a problem body that also carries HEC's text and code.</summary>
    private static Task<IResult?> Busy(HttpRequest request, FlowControl flowControl, CancellationToken cancellationToken) =>
        Backpressure.RefuseWhileBehind(request.HttpContext, flowControl, cancellationToken, HecExtensions("Server is busy", 9));

    /// <summary>HEC's token check: <c>Authorization: Splunk TOKEN</c>; codes 2 (missing), 3 (malformed), 4 (invalid).</summary>
    private static IResult? Authorize(HttpRequest request, IngestionOptions options)
    {
        if (options.HecTokens.Count == 0)
        {
            return Results.Json(new HecResponse($"Token disabled: set {IngestionOptions.Section}:HecTokens", 1), statusCode: StatusCodes.Status403Forbidden);
        }

        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Results.Json(new HecResponse("Token is required", 2), statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!header.StartsWith("Splunk ", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(new HecResponse("Invalid authorization", 3), statusCode: StatusCodes.Status401Unauthorized);
        }

        var token = header["Splunk ".Length..].Trim();
        return options.HecTokens.Any(t => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(t), System.Text.Encoding.UTF8.GetBytes(token)))
            ? null
            : Results.Json(new HecResponse("Invalid token", 4), statusCode: StatusCodes.Status403Forbidden);
    }
}

public sealed record HecResponse(string Text, int Code);
