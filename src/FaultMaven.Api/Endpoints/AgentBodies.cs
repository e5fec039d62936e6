using System.Text;
using System.Text.Json;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Api.Ingestion;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;

namespace FaultMaven.Api.Endpoints;

/// <summary>Request bodies of the agent endpoints, size limited like ingestion; every way a body can be bad becomes a problem response.</summary>
internal static class AgentBodies
{
    public const string SourceField = "source";
    public const string StoreAsIncidentField = "storeAsIncident";

    public static IResult Invalid(string parameter, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] });

    /// <summary>415 naming the media types the endpoint reads.</summary>
    public static IResult UnsupportedMediaType(HttpRequest request, params string[] accepted) => Results.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        detail: $"'{request.ContentType}' is not read here; send {string.Join(" or ", accepted)}.");

    public static Task<IResult> ReadAsync(HttpRequest request, long limit, Func<Stream, Task<IResult>> handle) =>
        IngestEndpoints.Guarded(limit, async () =>
        {
            await using var body = RequestBodies.Open(request);
            return await handle(body);
        });

    public static Task<IResult> ReadJsonAsync<T>(HttpRequest request, long limit, JsonOptions json, Func<T, Task<IResult>> handle)
        where T : class =>
        !request.HasJsonContentType() ? Task.FromResult(UnsupportedMediaType(request, "application/json")) : ReadAsync(request, limit, async body =>
        {
            T? value;
            try
            {
                value = await JsonSerializer.DeserializeAsync<T>(body, json.SerializerOptions, request.HttpContext.RequestAborted);
            }
            catch (JsonException exception)
            {
                return Invalid("body", $"not the expected JSON object: {exception.Message}");
            }

            return value is null ? Invalid("body", "a JSON object is required, not null") : await handle(value);
        });

    /// <summary>Each file part becomes a log named by <paramref name="source"/>, the form's <c>source</c> field or the file name.</summary>
    public static Task<IResult> ReadFilesAsync(
        HttpRequest request, long limit, string? source, Func<IReadOnlyList<LogDocument>, bool, Task<IResult>> handle, CancellationToken cancellationToken) =>
        IngestEndpoints.Guarded(limit, async () =>
        {
            var form = await RequestBodies.ReadFormAsync(request, cancellationToken);
            if (!TryParseFlag(form[StoreAsIncidentField].FirstOrDefault(), out var store))
            {
                return InvalidFlag();
            }

            var logs = new List<LogDocument>();
            foreach (var file in form.Files)
            {
                using var reader = new StreamReader(RequestBodies.OpenFile(file, limit), Encoding.UTF8);
                var name = source ?? form[SourceField].FirstOrDefault() ?? Path.GetFileNameWithoutExtension(file.FileName);
                logs.Add(new LogDocument(name, await reader.ReadToEndAsync(cancellationToken)));
            }

            return await handle(logs.Where(log => !string.IsNullOrWhiteSpace(log.Text)).ToList(), store);
        });

    /// <summary>A missing flag is false; anything but true or false is an error.</summary>
    public static bool TryParseFlag(string? value, out bool flag)
    {
        flag = false;
        return string.IsNullOrEmpty(value) || bool.TryParse(value, out flag);
    }

    public static IResult InvalidFlag() => Invalid(StoreAsIncidentField, "use true or false");
}
