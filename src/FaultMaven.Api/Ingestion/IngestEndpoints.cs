using FaultMaven.Api.Security;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Ingestion;

/// <summary><c>POST /logs/ingest</c>: a file or a stream of lines (text, NDJSON, CSV; gzip or not; raw or multipart) onto logs.raw.</summary>
public static class IngestEndpoints
{
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/logs/ingest", Ingest)
            .WithTags("Ingestion")
            .WithSummary("Puts the lines of the body (text/plain, application/x-ndjson, text/csv, multipart/form-data files; gzip accepted) onto logs.raw under `source`.")
            .WithDescription("Answers 503 with Retry-After while the pipeline is further behind than FaultMaven:Ingestion:FlowControl allows.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        return routes;
    }

    public static async Task<IResult> Ingest(HttpRequest request, RawLogPublisher publisher, FlowControl flowControl, IOptions<IngestionOptions> options, SourceScope scope, string? source, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        try
        {
            // Refused before the body is read, so a client using Expect: 100-continue has not sent it for nothing.
            if (request.HasFormContentType)
            {
                return await Backpressure.RefuseWhileBehind(request.HttpContext, flowControl, cancellationToken)
                    ?? await IngestFiles(request, publisher, limit, source, scope, cancellationToken);
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

            await using var body = RequestBodies.Open(request, limit);
            var receipt = await publisher.PublishAsync(source, LineChunker.ChunksAsync(body, cancellationToken: cancellationToken), Headers(request), cancellationToken);
            return Results.Accepted(value: new IngestResponse(source, receipt.Records, receipt.Bytes));
        }
        catch (BodyTooLargeException exception)
        {
            return TooLarge(exception);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(new BodyTooLargeException(limit));
        }
        catch (NotSupportedException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported encoding", detail: exception.Message);
        }
        catch (InvalidDataException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body could not be decoded", detail: exception.Message);
        }
    }

    public static IResult TooLarge(BodyTooLargeException exception) =>
        Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: $"{exception.Message}. Split the upload, or raise {IngestionOptions.Section}:MaxBodyBytes.");

    private static async Task<IResult> IngestFiles(HttpRequest request, RawLogPublisher publisher, long limit, string? source, SourceScope scope, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
        if (form.Files.Count == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["the multipart body has no file part"] });
        }

        string SourceOf(IFormFile file) => source ?? form["source"].FirstOrDefault() ?? Path.GetFileNameWithoutExtension(file.FileName);
        if (form.Files.Select(SourceOf).FirstOrDefault(fileSource => !scope.Allows(fileSource)) is { } foreign)
        {
            return TeamScope.Forbidden(foreign);
        }

        var received = new List<IngestResponse>();
        foreach (var file in form.Files)
        {
            var fileSource = SourceOf(file);
            var encoding = file.FileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? "gzip" : file.Headers.ContentEncoding.ToString();
            await using var content = RequestBodies.Decode(file.OpenReadStream(), encoding, limit);
            var receipt = await publisher.PublishAsync(fileSource, LineChunker.ChunksAsync(content, cancellationToken: cancellationToken), Headers(request), cancellationToken);
            received.Add(new IngestResponse(fileSource, receipt.Records, receipt.Bytes));
        }

        return Results.Accepted(value: received);
    }

    private static Dictionary<string, string> Headers(HttpRequest request) => new()
    {
        ["content-type"] = request.ContentType ?? "text/plain",
    };
}

public sealed record IngestResponse(string Source, long Records, long Bytes);
