using FaultMaven.Api.Security;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Storage;
using FaultMaven.Api.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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
                             "With an Idempotency-Key header, a retry is answered with the first answer and produces nothing.")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery()
            .WithBodyLimit(routes);
        return routes;
    }

    public static async Task<IResult> Ingest(HttpRequest request, RawLogPublisher publisher, FlowControl flowControl, IOptions<IngestionOptions> options, TeamScope teams, IdempotentIngest idempotent, string? source, CancellationToken cancellationToken)
    {
        var scope = teams.ForWriting(request.HttpContext.User);
        var limit = options.Value.MaxBodyBytes;
        return await idempotent.RunAsync(request.HttpContext, IdempotentIngest.CallerOf(request.HttpContext.User), () => Guarded(limit, async () =>
        {
            // Refused before the body is read, so a client using Expect: 100-continue has not sent it for nothing.
            if (request.HasFormContentType)
            {
                return await Backpressure.RefuseWhileBehind(request.HttpContext, flowControl, cancellationToken)
                    ?? await IngestFiles(request, publisher, options.Value, source, scope, cancellationToken);
            }

            if (string.IsNullOrWhiteSpace(source))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["source"] = ["required: the name the lines are stored under, e.g. ?source=checkout"] });
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
            var receipt = await publisher.PublishAsync(source, Chunks(body, options.Value, cancellationToken), Headers(request), cancellationToken);
            return Results.Accepted(value: new IngestResponse(source, receipt.Lines, receipt.Records, receipt.Bytes));
        }));
    }

    /// <summary>The records of a buffered body: chunks of whole lines, no line longer than the configured limit.</summary>
    public static IAsyncEnumerable<byte[]> Chunks(Stream buffered, IngestionOptions options, CancellationToken cancellationToken) =>
        LineChunker.ChunksAsync(buffered, cancellationToken: cancellationToken, maxLineBytes: options.MaxLineBytes);

    /// <summary>Every way an ingestion body can be bad, as a problem response; <paramref name="extensions"/> adds HEC's text and code.</summary>
    public static Task<IResult> Guarded(long limit, Func<Task<IResult>> ingest, Func<string, int, IDictionary<string, object?>>? extensions = null) =>
        Guarded<IResult>(limit, ingest, problem => problem, extensions);

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

    private static async Task<IResult> IngestFiles(HttpRequest request, RawLogPublisher publisher, IngestionOptions options, string? source, SourceScope scope, CancellationToken cancellationToken)
    {
        var limit = options.MaxBodyBytes;
        var form = await RequestBodies.ReadFormAsync(request, cancellationToken);
        if (form.Files.Count == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["the multipart body has no file part"] });
        }

        string SourceOf(IFormFile file) => source ?? form["source"].FirstOrDefault() ?? Path.GetFileNameWithoutExtension(file.FileName);
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
                var receipt = await publisher.PublishAsync(fileSource, Chunks(content, options, cancellationToken), Headers(request), cancellationToken);
                received.Add(new IngestResponse(fileSource, receipt.Lines, receipt.Records, receipt.Bytes));
            }

            return Results.Accepted(value: received);
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

/// <summary>What an ingestion request put on logs.raw: its non-blank lines, the Kafka records (chunks of up to 64 KiB of lines) they travel in, and bytes.</summary>
public sealed record IngestResponse(string Source, long Lines, long Records, long Bytes);
