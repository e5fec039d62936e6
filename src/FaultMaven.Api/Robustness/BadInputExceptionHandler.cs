using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaultMaven.Api.Ingestion;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace FaultMaven.Api.Robustness;

/// <summary>
/// The last line against bad input answered as a crash: exceptions that can only come from what the client sent become
/// a 4xx problem (malformed multipart or form bodies, corrupt compression, a body cut short, text PostgreSQL cannot
/// store, a value too long for an index); anything else stays a 500. Endpoints still validate first; this catches the kinds they did not foresee.
/// </summary>
public sealed partial class BadInputExceptionHandler(ILogger<BadInputExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Classify(exception, context.RequestAborted.IsCancellationRequested) is not var (status, title))
        {
            return false;
        }

        logger.LogInformation("Refused bad input to {Method} {Path} with {Status}: {Reason}", context.Request.Method, context.Request.Path, status, exception.Message);
        // A parameter or JSON body that could not be bound is a validation problem of that input, as the endpoints answer
        // their own checks.
        var (input, detail) = Explain(exception);
        var problem = input is not null
            ? Results.ValidationProblem(new Dictionary<string, string[]> { [input] = [detail] }, detail: detail, title: title)
            : Results.Problem(statusCode: status, title: title, detail: detail);
        await problem.ExecuteAsync(context);
        return true;
    }

    /// <summary>
    /// What the client sent wrong, in the client's terms: the query or route parameter by its name and the kind of value
    /// it takes, or where the JSON body broke (path, line and byte) — never the server's type names, which
    /// ASP.NET Core's binding messages carry (<c>Failed to bind parameter "Nullable&lt;int&gt; Limit" from "abc".</c>).
    /// </summary>
    public static string Detail(Exception exception) => Explain(exception).Detail;

    /// <summary>Where a JSON body broke (RFC 9535 path, line and byte, from 1) and why, without the .NET type it was read into.</summary>
    public static string JsonDetail(JsonException json)
    {
        var at = json.Path is null or "$" ? "" : $" at {json.Path}";
        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        return $"The body is not the JSON this endpoint takes{at}{where}: {JsonReason(json)}";
    }

    /// <summary>
    /// The input a binding failure is about (a parameter's name, <c>body</c> for a JSON body; null for other failures)
    /// and <see cref="Detail"/>'s explanation of it.
    /// </summary>
    private static (string? Input, string Detail) Explain(Exception exception)
    {
        if (exception is BadHttpRequestException { InnerException: JsonException json })
        {
            return ("body", JsonDetail(json));
        }

        if (exception is BadHttpRequestException && BindFailure().Match(exception.Message) is { Success: true } bind)
        {
            var (name, value) = (ClientName(bind.Groups["name"].Value), bind.Groups["value"].Value);
            var kind = ValueKinds.Of(bind.Groups["type"].Value) ?? "a value of the documented form";
            return (name, $"'{name}' must be {kind}; got '{(value.Length > 60 ? value[..60] + "…" : value)}'.");
        }

        if (exception is BadHttpRequestException && MissingParameter().Match(exception.Message) is { Success: true } missing)
        {
            var name = ClientName(missing.Groups["name"].Value);
            return (name, $"'{name}' is required ({missing.Groups["where"].Value}).");
        }

        return (null, exception.Message);
    }

    /// <summary>
    /// Why a JSON body broke, in the client's terms: System.Text.Json words a value of the wrong shape as a conversion to
    /// the target's .NET type (the client needs only that the shape was wrong) and a key given twice with the type it
    /// was read into; its syntax errors are client terms already, before the position it appends, except for advice to
    /// the server's programmer ("Change the reader options."), words about its reader ("in this mode",
    /// "isFinalBlock is true") and an empty body.
    /// </summary>
    public static string JsonReason(JsonException json) =>
        json.Message.Contains("could not be converted to", StringComparison.Ordinal)
            ? "a value of the wrong kind (an array, object, string, number or literal where another is expected)"
            : DuplicateKey().Match(json.Message) is { Success: true } duplicate
                ? $"the key '{duplicate.Groups["name"].Value}' is given twice in one object; give it once"
                : TrailingComma().Match(json.Message) is { Success: true } comma
                    ? $"a comma after the last member of a JSON {comma.Groups["what"].Value}, which JSON does not allow; remove it"
                    : NoTokens().IsMatch(json.Message)
                        ? "the body holds no JSON value (it is empty or only white space)"
                        : json.Message.Split(" Path: ", 2)[0].Split(" LineNumber: ", 2)[0].Replace(" Change the reader options.", "", StringComparison.Ordinal).TrimEnd();

    /// <summary>Query keys are matched without regard to case; the documented ones are camelCase.</summary>
    private static string ClientName(string parameter) => parameter.Length == 0 ? parameter : char.ToLowerInvariant(parameter[0]) + parameter[1..];

    [GeneratedRegex("^The JSON (?<what>object|array) contains a trailing comma at the end", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingComma();

    // System.Text.Json's words for an empty or blank body: "The input does not contain any JSON tokens. Expected the
    // input to start with a valid JSON token, when isFinalBlock is true."
    [GeneratedRegex("^The input does not contain any JSON tokens", RegexOptions.CultureInvariant)]
    private static partial Regex NoTokens();

    [GeneratedRegex("^Duplicate property '(?<name>.*?)' encountered", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateKey();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>\\w+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>\\w+)\" was not provided from (?<where>.+?)\\.$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MissingParameter();

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
        // A value too big for an index row: the endpoints bound what they index (SourceNames), this answers one they missed.
        PostgresException { SqlState: PostgresErrorCodes.ProgramLimitExceeded } => (StatusCodes.Status400BadRequest, "A value too long to store"),
        IOException when !clientGone => (StatusCodes.Status400BadRequest, "Body ended early or is malformed"),
        _ => null,
    };
}
