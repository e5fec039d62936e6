using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultMaven.Api.Robustness;

/// <summary>
/// The boundary for text PostgreSQL cannot store: a NUL character (U+0000) in the path or a query parameter is refused
/// with a 400 problem before any endpoint runs; JSON bodies are covered by <see cref="NulRejectingStringConverter"/>.
/// </summary>
public sealed class RequestTextGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var bad = request.Path.Value?.Contains('\0') == true ? "path"
            : request.Query.FirstOrDefault(pair => pair.Key.Contains('\0') || pair.Value.Any(value => value?.Contains('\0') == true)).Key is { } name ? $"query parameter '{name.Replace("\0", "\\0")}'"
            : null;
        return bad is null
            ? next(context)
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid character", detail: $"The {bad} contains a NUL character (%00), which is never valid here.")
                .ExecuteAsync(context);
    }
}

/// <summary>Refuses a JSON string holding a NUL character, so every JSON body is checked where it is read (a 400, not a database error).</summary>
public sealed class NulRejectingStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString()!;
        return value.Contains('\0') ? throw new JsonException("a string contains a NUL character (\\u0000), which is never valid here") : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
