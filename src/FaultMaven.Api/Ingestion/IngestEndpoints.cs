using FaultMaven.Api.Security;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Storage;
using FaultMaven.Api.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using IngestResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Accepted<FaultMaven.Api.Ingestion.IngestResponse>,
    Microsoft.AspNetCore.Http.HttpResults.Accepted<FaultMaven.Api.Ingestion.IngestResponse[]>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace FaultMaven.Api.Ingestion;

/// <summary><c>POST /logs/ingest</c>: a file or a stream of lines (text, NDJSON, CSV; gzip or not; raw or multipart) onto logs.raw.</summary>
public static class IngestEndpoints
{
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPostReading<string>("/logs/ingest", Ingest, null, "text/plain", "application/x-ndjson", "text/csv", "multipart/form-data")
            .WithTags("Ingestion")
            .WithSummary("Puts the lines of the body (text/plain, application/x-ndjson, text/csv, multipart/form-data files; Content-Encoding gzip, br or deflate, and .gz files, accepted) onto logs.raw under `source`.")
            .WithDescription("Answers 503 with Retry-After while the pipeline is further behind than FaultMaven:Ingestion:FlowControl allows. " +
                             "With an Idempotency-Key header, a retry (the same lines under the same sources, compressed or not) is answered with the first answer and produces nothing; the key reused for another request is refused with 422.")
            // 202 (one source, or one answer per multipart file) and 400 come from the result type; problems carry their status only at run time.
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery()
            .WithBodyLimit(routes);
        return routes;
    }

    /// <summary>The handler of <c>POST /logs/ingest</c>; an idempotent replay is the same 202 case rebuilt from the stored answer.</summary>
    public static async Task<IngestResult> Ingest(HttpRequest request, FlowControl flowControl, IOptions<IngestionOptions> options, TeamScope teams, IdempotentIngest idempotent, string? source, CancellationToken cancellationToken)
    {
        var scope = teams.ForWriting(request.HttpContext.User);
        var limit = options.Value.MaxBodyBytes;
        return await idempotent.RunAsync(request.HttpContext, IdempotentIngest.CallerOf(request.HttpContext.User), upload => Guarded<IngestResult>(limit, async Task<IngestResult> () =>
        {
            // Refused before the body is read, so a client using Expect: 100-continue has not sent it for nothing.
            if (request.HasFormContentType)
            {
                return await Backpressure.RefuseWhileBehind(request.HttpContext, flowControl, cancellationToken) is { } refused
                    ? refused
                    : await IngestFiles(request, upload, options.Value, source, scope, cancellationToken);
            }

            if (string.IsNullOrWhiteSpace(source))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = ["required: the name the lines are stored under, e.g. ?source=checkout"] });
            }

            if (SourceParameter.Refusal(SourceParameter.Name, source) is { } tooLong)
            {
                return tooLong;
            }

            if (!scope.Allows(source))
            {
                return TeamScope.Forbidden(source);
            }

            if (await Backpressure.RefuseWhileBehind(request.HttpContext, flowControl, cancellationToken) is { } busy)
            {
                return busy;
            }

            await using var body = await IngestBuffer.ReadAsync(RequestBodies.Open(request), options.Value, cancellationToken);
            var receipt = await upload.PublishAsync(source, body, Headers(request), cancellationToken);
            return TypedResults.Accepted((string?)null, new IngestResponse(source, receipt.Lines, receipt.Records, receipt.Bytes));
        }, problem => problem), done => Replay(idempotent, done), problem => problem);
    }

    /// <summary>A stored 202 answered again: a multipart upload's list of answers, or one source's answer.</summary>
    private static IngestResult Replay(IdempotentIngest idempotent, IngestClaim.Completed done) =>
        done.Response.StartsWith('[')
            ? TypedResults.Accepted((string?)null, idempotent.Stored<IngestResponse[]>(done))
            : TypedResults.Accepted((string?)null, idempotent.Stored<IngestResponse>(done));

    /// <summary>The records of a buffered body: chunks of whole lines, and the head of each line longer than the configured limit on its own.</summary>
    public static IAsyncEnumerable<LineChunk> Chunks(Stream buffered, IngestionOptions options, CancellationToken cancellationToken) =>
        LineChunker.ChunksAsync(buffered, options.MaxLineBytes, cancellationToken: cancellationToken);

    /// <summary>Every way a request body can be bad, as a problem response of the endpoint's result type (<paramref name="refused"/>).</summary>
    public static async Task<TResult> Guarded<TResult>(
        long limit, Func<Task<TResult>> read, Func<ProblemHttpResult, TResult> refused, Func<string, int, IDictionary<string, object?>>? extensions = null)
    {
        try
        {
            return await read();
        }
        catch (BodyTooLargeException exception)
        {
            return refused(TooLarge(exception, extensions?.Invoke("Request body too large", 6)));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return refused(TooLarge(new BodyTooLargeException(limit), extensions?.Invoke("Request body too large", 6)));
        }
        catch (NotSupportedException exception)
        {
            return refused(TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported encoding", detail: exception.Message, extensions: extensions?.Invoke(exception.Message, 6)));
        }
        catch (Exception exception) when (exception is InvalidDataException or LineTooLongException)
        {
            return refused(TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: exception is LineTooLongException ? "Line too long" : "Body could not be decoded",
                detail: exception.Message,
                extensions: extensions?.Invoke($"Invalid data format: {exception.Message}", 6)));
        }
    }

    public static ProblemHttpResult TooLarge(BodyTooLargeException exception, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: $"{exception.Message}. Split the upload, or raise {IngestionOptions.Section}:MaxBodyBytes.",
            extensions: extensions);

    private static async Task<IngestResult> IngestFiles(HttpRequest request, ResumableUpload upload, IngestionOptions options, string? source, SourceScope scope, CancellationToken cancellationToken)
    {
        var limit = options.MaxBodyBytes;
        var form = await RequestBodies.ReadFormAsync(request, cancellationToken);
        if (form.Files.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["the multipart body has no file part"] });
        }

        if (SourceParameter.RefusalOfForm(form, source) is { } refused)
        {
            return refused;
        }

        string SourceOf(IFormFile file) => SourceParameter.OfFile(form, file, source).Source;
        if (form.Files.Select(SourceOf).FirstOrDefault(fileSource => !scope.Allows(fileSource)) is { } foreign)
        {
            return TeamScope.Forbidden(foreign);
        }

        // Every file decoded and checked before any is produced: a bad third file leaves nothing of the first two on logs.raw.
        var buffered = new List<(string Source, Stream Content)>();
        try
        {
            foreach (var file in form.Files)
            {
                buffered.Add((SourceOf(file), await IngestBuffer.ReadAsync(RequestBodies.OpenFile(file, limit), options, cancellationToken)));
            }

            var received = new List<IngestResponse>();
            foreach (var (fileSource, content) in buffered)
            {
                var receipt = await upload.PublishAsync(fileSource, content, Headers(request), cancellationToken);
                received.Add(new IngestResponse(fileSource, receipt.Lines, receipt.Records, receipt.Bytes));
            }

            return TypedResults.Accepted((string?)null, received.ToArray());
        }
        finally
        {
            foreach (var (_, content) in buffered)
            {
                await content.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, string> Headers(HttpRequest request) => new()
    {
        ["content-type"] = request.ContentType ?? "text/plain",
    };
}

/// <summary>
/// What an ingestion request put on logs.raw: its non-blank lines (a line cut to its head is one), the Kafka records
/// (chunks of up to 64 KiB of lines) they travel in, and the bytes of its lines as received, decoded.
/// </summary>
public sealed record IngestResponse(string Source, long Lines, long Records, long Bytes);
