using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultMaven.Api.Robustness;

/// <summary>
/// How the API reads every JSON body, bound or read by hand: enums by their camelCase names, a string holding NUL
/// refused (<see cref="NulRejectingStringConverter"/>), and an object with a key twice refused, at any depth, because
/// it would mean two things (<c>{"question":"a","question":"b"}</c> was answered for "b" while HEC refused such an
/// event). Each refusal is a 400 problem saying where the body broke (<see cref="BadInputExceptionHandler.JsonDetail"/>).
/// </summary>
public static class JsonBodies
{
    /// <summary>The rules, for HEC's events and anything else read outside ASP.NET Core's binding.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Sets the rules on <paramref name="options"/> (the API's HTTP JSON options); returns them.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new NulRejectingStringConverter());
        options.AllowDuplicateProperties = false;
        return options;
    }
}
