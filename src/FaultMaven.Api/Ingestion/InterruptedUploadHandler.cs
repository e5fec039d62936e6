using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Ingestion;

/// <summary>
/// Answers an upload the broker stopped acknowledging with 503, <c>Retry-After</c> and a problem that says what of the
/// body is on logs.raw (<c>stored</c>), what is not (<c>notStored</c>) and what may be (<c>unknown</c>), each as lines,
/// records and bytes; and a request under the key of another request (an interrupted upload or a completed request with
/// another body, source or endpoint) with 422 naming the key in <c>idempotencyKey</c>.
/// The HEC endpoints' problems also carry HEC's <c>text</c> and <c>code</c> (9, server busy).
/// </summary>
public sealed class InterruptedUploadHandler(IOptions<IngestionOptions> options, ILogger<InterruptedUploadHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var hec = context.Request.Path.StartsWithSegments("/services/collector", StringComparison.OrdinalIgnoreCase);
        IResult problem;
        switch (exception)
        {
            case UploadInterruptedException interrupted:
                logger.LogWarning(
                    "Upload to {Path} interrupted: {Reason}; stored {Stored}, not stored {NotStored}, unknown {Unknown}",
                    context.Request.Path, interrupted.Reason, interrupted.Stored, interrupted.NotStored, interrupted.Unknown);
                var seconds = (int)Math.Ceiling(options.Value.RetryAfterInterruption.TotalSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var extensions = new Dictionary<string, object?>
                {
                    ["stored"] = interrupted.Stored,
                    ["notStored"] = interrupted.NotStored,
                    ["unknown"] = interrupted.Unknown,
                    ["resumable"] = interrupted.Resumable,
                };
                AddHec(extensions, hec, "Server is busy", 9);
                problem = Results.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The broker stopped acknowledging the upload",
                    detail: $"{interrupted.Reason}. {interrupted.Stored.Lines} lines are stored, {interrupted.NotStored.Lines} are not"
                            + (interrupted.Unknown.Lines > 0 ? $", and {interrupted.Unknown.Lines} were sent without an answer" : "") + ". "
                            + (interrupted.Resumable
                                ? $"Retry the same body with the same {IdempotentIngest.Header} after {seconds} s: only what is not stored is sent again."
                                : $"Retrying sends the whole body again, so the stored lines would be stored twice; send an {IdempotentIngest.Header} to make a retry resume."),
                    extensions: extensions);
                break;
            case IdempotencyKeyReusedException reused:
                var refusal = new Dictionary<string, object?> { ["idempotencyKey"] = reused.Key };
                AddHec(refusal, hec, reused.Message, 6);
                problem = Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused", detail: reused.Message, extensions: refusal);
                break;
            default:
                return false;
        }

        await problem.ExecuteAsync(context);
        return true;
    }

    private static void AddHec(Dictionary<string, object?> extensions, bool hec, string text, int code)
    {
        if (hec)
        {
            extensions["text"] = text;
            extensions["code"] = code;
        }
    }
}
