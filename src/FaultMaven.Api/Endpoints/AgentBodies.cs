using FaultMaven.Api.Robustness;
using System.Text.Json;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Api.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using AnalysisResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<FaultMaven.Api.Endpoints.LogAnalysisResponse>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// The bodies <c>POST /logs/analyze</c> reads itself (JSON, text or multipart files: more than body binding does), size
/// limited like ingestion; every way a body can be bad becomes a problem response.
/// </summary>
internal static class AgentBodies
{
    public const string StoreAsIncidentField = "storeAsIncident";

    public static ValidationProblem Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] });

    public static Task<AnalysisResult> ReadAsync(HttpRequest request, long limit, Func<Stream, Task<AnalysisResult>> handle) =>
        IngestEndpoints.Guarded<AnalysisResult>(limit, () => handle(RequestBodies.Open(request)), problem => problem);

    public static Task<AnalysisResult> ReadJsonAsync<T>(HttpRequest request, long limit, JsonOptions json, Func<T, Task<AnalysisResult>> handle)
        where T : class => ReadAsync(request, limit, async body =>
        {
            T? value;
            try
            {
                value = await JsonSerializer.DeserializeAsync<T>(body, json.SerializerOptions, request.HttpContext.RequestAborted);
            }
            catch (JsonException exception)
            {
                return Invalid("body", BadInputExceptionHandler.JsonDetail(exception));
            }

            return value is null ? Invalid("body", "a JSON object is required, not null") : await handle(value);
        });

    /// <summary>
    /// Each file part becomes a log named by <paramref name="source"/>, the form's <c>source</c> field or the file name;
    /// stored as incidents when <paramref name="store"/> (<c>?storeAsIncident=</c>) or the form's field says so (the two
    /// must agree when both are given).
    /// </summary>
    public static Task<AnalysisResult> ReadFilesAsync(
        HttpRequest request, long limit, string? source, bool? store, Func<IReadOnlyList<LogDocument>, bool, Task<AnalysisResult>> handle, CancellationToken cancellationToken) =>
        IngestEndpoints.Guarded<AnalysisResult>(limit, async () =>
        {
            var form = await RequestBodies.ReadFormAsync(request, cancellationToken);
            if (!TryParseFlag(form[StoreAsIncidentField].FirstOrDefault(), out var formStore))
            {
                return InvalidFlag();
            }

            if ((Disagreement(StoreAsIncidentField, FlagText(store), FlagText(formStore)) ?? SourceParameter.RefusalOfForm(form, source)) is { } refused)
            {
                return refused;
            }

            var logs = new List<LogDocument>();
            foreach (var file in form.Files)
            {
                await using var body = RequestBodies.OpenFile(file, limit);
                logs.Add(new LogDocument(SourceParameter.OfFile(form, file, source).Source, await LogText.ReadToEndAsync(body, cancellationToken)));
            }

            return await handle(logs.Where(log => !string.IsNullOrWhiteSpace(log.Text)).ToList(), store ?? formStore ?? false);
        }, problem => problem);

    /// <summary>A flag's value: null when it is missing; false (and an error) for anything but true or false.</summary>
    public static bool TryParseFlag(string? value, out bool? flag)
    {
        flag = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        var parsed = bool.TryParse(value, out var given);
        flag = given;
        return parsed;
    }

    /// <summary>A flag as the API words it (<c>true</c>, <c>false</c>); null when it is missing.</summary>
    public static string? FlagText(bool? flag) => flag switch { true => "true", false => "false", null => null };

    public static ValidationProblem InvalidFlag() => Invalid(StoreAsIncidentField, "use true or false");

    /// <summary>
    /// A 400 naming <paramref name="name"/> when a request gives it both as a query parameter and in its body (a JSON
    /// member or a form field) with different values, rather than silently taking one; null when it gives it once, or
    /// twice alike.
    /// </summary>
    public static ValidationProblem? Disagreement(string name, string? query, string? body)
    {
        if (query is null || body is null || query == body)
        {
            return null;
        }

        var message = $"given twice with different values: ?{name}={query} and '{body}' in the body; give it once, or the same in both";
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] }, detail: message);
    }
}
