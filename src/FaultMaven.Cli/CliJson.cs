using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultMaven.Cli;

/// <summary>How <c>fm ... --json</c> writes: the API's JSON (camelCase names, enums as camelCase strings), indented for people.</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
