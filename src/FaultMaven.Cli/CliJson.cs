using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultMaven.Cli;

/// <summary>
/// How <c>fm ... --json</c> writes: the API's JSON (camelCase names, enums as camelCase strings), indented, and with
/// &lt;, &gt;, &amp; and quotes in log text left as they are (the output goes to a terminal or a script, never into HTML).
/// </summary>
public static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
