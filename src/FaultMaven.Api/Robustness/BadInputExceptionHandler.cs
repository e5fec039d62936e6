using System.Text;
using FaultMaven.Api.Ingestion;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace FaultMaven.Api.Robustness;

/// <summary>
/// The last line against bad input answered as a crash: exceptions that can only come from what the client sent become
/// a 4xx problem (malformed multipart or form bodies, corrupt compression, a body cut short, text PostgreSQL cannot
/// store); anything else stays a 500. Endpoints still validate first; this catches the kinds they did not foresee.
/// </summary>
public sealed class BadInputExceptionHandler(ILogger<BadInputExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Classify(exception, context.RequestAborted.IsCancellationRequested) is not var (status, title))
        {
            return false;
        }

        logger.LogInformation("Refused bad input to {Method} {Path} with {Status}: {Reason}", context.Request.Method, context.Request.Path, status, exception.Message);
        // A JSON body that could not be bound is a validation problem of the body, as the endpoints answer their own checks.
        var problem = exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException }
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [Detail(exception)] }, detail: Detail(exception), title: title)
            : Results.Problem(statusCode: status, title: title, detail: Detail(exception));
        await problem.ExecuteAsync(context);
        return true;
    }

    /// <summary>What the client sent wrong: a binding failure names the parameter, and its JSON error where the JSON broke.</summary>
    public static string Detail(Exception exception) =>
        exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException json } ? $"{exception.Message} {json.Message}" : exception.Message;

    /// <summary>The status and title for an exception caused by the request's content; null for a genuine server fault.</summary>
    public static (int Status, string Title)? Classify(Exception exception, bool clientGone) => exception switch
    {
        BodyTooLargeException => (StatusCodes.Status413PayloadTooLarge, "Request body too large"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Request body too large"),
        BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
        InvalidDataException => (StatusCodes.Status400BadRequest, "Body could not be decoded"),
        DecoderFallbackException or EncoderFallbackException => (StatusCodes.Status400BadRequest, "Invalid text encoding"),
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
            (StatusCodes.Status400BadRequest, "Text that cannot be stored"),
        IOException when !clientGone => (StatusCodes.Status400BadRequest, "Body ended early or is malformed"),
        _ => null,
    };
}
