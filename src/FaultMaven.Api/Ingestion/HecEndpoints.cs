using System.Reflection;
using System.Text.Json.Nodes;
using FaultMaven.Api.Endpoints;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

using HecResult = Microsoft.AspNetCore.Http.HttpResults.Results<FaultMaven.Api.Ingestion.HecAnswer, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

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
        // HEC's {text, code} answers come from the handlers' result type (HecAnswer); the problems of a body that cannot
        // be taken (they also carry text and code) and of flow control and idempotency have their status only at run time.
        var hec = routes.MapGroup("/services/collector").WithTags("Splunk HEC").DisableAntiforgery().WithBodyLimit(routes);
        var ingest = hec.MapGroup("")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // Bodies are documented, not matched: shippers send any content type, or none.
        ingest.MapPost("/event", Event).WithSummary("HEC events (JSON objects, concatenated or one per line).").DocumentsBody(OpenApiBodies.Json, EventSchema);
        ingest.MapPost("/event/1.0", Event).WithSummary("Alias of /services/collector/event (the versioned path Splunk's libraries use).").DocumentsBody(OpenApiBodies.Json, EventSchema);
        ingest.MapPost("/", Event).WithSummary("Alias of /services/collector/event.").DocumentsBody(OpenApiBodies.Json, EventSchema);
        ingest.MapPost("/raw", Raw).WithSummary("HEC raw: lines of text under ?source= (default 'hec').").DocumentsBody("text/plain", () => OpenApiBodies.Lines("text/plain"));
        ingest.MapPost("/raw/1.0", Raw).WithSummary("Alias of /services/collector/raw.").DocumentsBody("text/plain", () => OpenApiBodies.Lines("text/plain"));
        hec.MapGet("/health", Health).WithSummary("HEC's health check: 200 code 17, or 503 code 18 while ingestion is behind.");
        hec.MapGet("/health/1.0", Health).WithSummary("Alias of /services/collector/health.");
        return routes;
    }

    /// <summary>One HEC event, as <see cref="HecEvents.Parse"/> reads it; a body is one or more of them, concatenated.</summary>
    private static OpenApiSchema EventSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "One or more HEC event objects, concatenated or one per line.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["event"] = new OpenApiSchema { Description = "The event: a string (a log line) or a JSON object." },
            ["time"] = new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.String, Description = "Epoch seconds, with decimals." },
            ["host"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["source"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = $"The FaultMaven source; default ?source=, else '{DefaultSource}'." },
            ["sourcetype"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["index"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["fields"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Indexed fields, kept as attributes." },
        },
        Required = new HashSet<string> { "event" },
        Examples =
        [
            new JsonObject
            {
                ["time"] = 1796032803.25,
                ["host"] = "db-1",
                ["source"] = "postgres",
                ["event"] = "ERROR could not write to file \"pg_wal/xlogtemp.42\": No space left on device",
            },
        ],
    };

    private static async Task<HecResult> Event(
        HttpRequest request, FlowControl flowControl, IOptions<IngestionOptions> options, IdempotentIngest idempotent, CancellationToken cancellationToken)
    {
        if (Authorize(request, options.Value) is { } unauthorized)
        {
            return unauthorized;
        }

        return await Busy(request, flowControl, cancellationToken) ?? await Once(request, idempotent, options.Value, async upload =>
        {
            await using var body = RequestBodies.Open(request);
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, cancellationToken);
            IReadOnlyList<HecLine> lines;
            try
            {
                lines = HecEvents.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), QuerySource(request), options.Value.MaxLineBytes, options.Value.OversizedLines);
            }
            catch (HecFormatException exception)
            {
                return Refused(exception);
            }

            foreach (var (source, chunk) in HecEvents.BySource(lines))
            {
                await upload.PublishAsync(source, new MemoryStream(chunk), null, cancellationToken);
            }

            return HecAnswer.Success;
        });
    }

    /// <summary>
    /// <paramref name="ingest"/> once per Idempotency-Key of the HEC token (a replay is the stored HEC answer again),
    /// with every way the body can be bad answered as a problem that also carries HEC's text and code.
    /// </summary>
    private static Task<HecResult> Once(HttpRequest request, IdempotentIngest idempotent, IngestionOptions options, Func<ResumableUpload, Task<HecResult>> ingest) =>
        idempotent.RunAsync(
            request.HttpContext,
            CallerOf(request),
            upload => IngestEndpoints.Guarded<HecResult>(options.MaxBodyBytes, () => ingest(upload), problem => problem, HecExtensions),
            done => HecAnswer.Of(idempotent.Stored<HecResponse>(done), done.Status),
            problem => problem);

    /// <summary>HEC clients read <c>text</c> and <c>code</c>; problem bodies of the HEC endpoints carry them too.</summary>
    private static IDictionary<string, object?> HecExtensions(string text, int code) => new Dictionary<string, object?> { ["text"] = text, ["code"] = code };

    private static async Task<HecResult> Raw(
        HttpRequest request, FlowControl flowControl, IOptions<IngestionOptions> options, IdempotentIngest idempotent, CancellationToken cancellationToken)
    {
        if (Authorize(request, options.Value) is { } unauthorized)
        {
            return unauthorized;
        }

        return await Busy(request, flowControl, cancellationToken) ?? await Once(request, idempotent, options.Value, async upload =>
        {
            string source;
            try
            {
                source = QuerySource(request);
            }
            catch (HecFormatException exception)
            {
                return Refused(exception);
            }

            await using var body = await IngestBuffer.ReadAsync(RequestBodies.Open(request), options.Value, cancellationToken);
            await upload.PublishAsync(source, body, null, cancellationToken);
            return HecAnswer.Success;
        });
    }

    /// <summary><c>?source=</c>, else <see cref="DefaultSource"/>.</summary>
    /// <exception cref="HecFormatException">Code 6: the name is too long for a source (<see cref="Contracts.SourceNames"/>).</exception>
    private static string QuerySource(HttpRequest request) => HecEvents.CheckedSource(request.Query["source"].FirstOrDefault() ?? DefaultSource, "?source=");

    /// <summary>A body HEC refuses: 400 with HEC's text and code.</summary>
    private static HecAnswer Refused(HecFormatException exception) => HecAnswer.Of(new HecResponse(exception.Message, exception.Code), StatusCodes.Status400BadRequest);

    /// <summary>HEC's health: healthy (code 17) unless consumers are so far behind that ingestion refuses data (code 18, 503).</summary>
    private static async Task<HecAnswer> Health(FlowControl flowControl, CancellationToken cancellationToken) =>
        (await flowControl.CheckAsync(1, cancellationToken)).Admitted
            ? HecAnswer.Of(new HecResponse("HEC is healthy", 17))
            : HecAnswer.Of(new HecResponse("HEC is unhealthy, queues are full", 18), StatusCodes.Status503ServiceUnavailable);

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
    private static Task<ProblemHttpResult?> Busy(HttpRequest request, FlowControl flowControl, CancellationToken cancellationToken) =>
        Backpressure.RefuseWhileBehind(request.HttpContext, flowControl, cancellationToken, HecExtensions("Server is busy", 9));

    /// <summary>
    /// HEC's token and channel checks, with its codes: 1 (no tokens configured), 2 (missing), 3 (malformed), 4
    /// (invalid), 16 (<c>?token=</c> while <see cref="IngestionOptions.HecQueryStringToken"/> is off), 11 (a channel
    /// that is not a GUID).
    /// </summary>
    private static HecAnswer? Authorize(HttpRequest request, IngestionOptions options)
    {
        if (options.HecTokens.Count == 0)
        {
            return HecAnswer.Of(new HecResponse($"Token disabled: set {IngestionOptions.Section}:HecTokens", 1), StatusCodes.Status403Forbidden);
        }

        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0 && !header.StartsWith("Splunk ", StringComparison.OrdinalIgnoreCase))
        {
            return HecAnswer.Of(new HecResponse("Invalid authorization", 3), StatusCodes.Status401Unauthorized);
        }

        if (header.Length == 0 && request.Query.ContainsKey("token") && !options.HecQueryStringToken)
        {
            return HecAnswer.Of(new HecResponse($"Query string authorization is not enabled: set {IngestionOptions.Section}:HecQueryStringToken", 16), StatusCodes.Status400BadRequest);
        }

        if (TokenOf(request) is not { Length: > 0 } token)
        {
            return HecAnswer.Of(new HecResponse("Token is required", 2), StatusCodes.Status401Unauthorized);
        }

        if (!options.HecTokens.Any(t => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(t), System.Text.Encoding.UTF8.GetBytes(token))))
        {
            return HecAnswer.Of(new HecResponse("Invalid token", 4), StatusCodes.Status403Forbidden);
        }

        var channel = request.Headers["X-Splunk-Request-Channel"].FirstOrDefault() ?? request.Query["channel"].FirstOrDefault();
        return channel is null || Guid.TryParse(channel, out _)
            ? null
            : HecAnswer.Of(new HecResponse("Invalid data channel", 11), StatusCodes.Status400BadRequest);
    }
}

/// <summary>HEC's answer body: a human-readable <c>text</c> and HEC's numeric <c>code</c> (0 success; see Splunk's HEC error codes).</summary>
public sealed record HecResponse(string Text, int Code);

/// <summary>
/// A HEC answer: <see cref="HecResponse"/> as JSON with its HTTP status. As a handler's result type it declares every
/// status HEC answers with that body (200, 400, 401, 403, 503), so the OpenAPI document takes them from the signature.
/// </summary>
public sealed class HecAnswer : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<HecResponse>, IEndpointMetadataProvider
{
    private static readonly int[] Statuses =
        [StatusCodes.Status200OK, StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable];

    private HecAnswer(HecResponse value, int statusCode)
    {
        Value = value;
        StatusCode = statusCode;
    }

    /// <summary>HEC's success, code 0.</summary>
    public static HecAnswer Success { get; } = new(new HecResponse("Success", 0), StatusCodes.Status200OK);

    public HecResponse Value { get; }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    object? IValueHttpResult.Value => Value;

    /// <exception cref="ArgumentOutOfRangeException">A status the type does not declare (the OpenAPI document would not list it).</exception>
    public static HecAnswer Of(HecResponse value, int statusCode = StatusCodes.Status200OK) =>
        Statuses.Contains(statusCode) ? new(value, statusCode) : throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "not a status HEC answers with {text, code}");

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Json(Value, statusCode: StatusCode).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        foreach (var status in Statuses)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(HecResponse), ["application/json"]));
        }
    }
}
