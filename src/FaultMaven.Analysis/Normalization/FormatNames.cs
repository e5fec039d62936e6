using System.Collections.Frozen;
using System.Text.Json;

namespace FaultMaven.Analysis.Normalization;

/// <summary>The lower-case names of <see cref="LogFormat"/>s used in <see cref="AttributeKeys.Format"/>, computed once.</summary>
public static class FormatNames
{
    private static readonly string[] Names = [.. Enum.GetNames<LogFormat>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];

    // Shared by every event that has no other attribute, so such events allocate no dictionary of their own.
    private static readonly FrozenDictionary<string, string>[] FormatOnly =
        [.. Names.Select(name => new Dictionary<string, string> { [AttributeKeys.Format] = name }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase))];

    public static string Of(LogFormat format) => Names[(int)format];

    /// <summary>Attributes holding only <see cref="AttributeKeys.Format"/>.</summary>
    public static IReadOnlyDictionary<string, string> AttributesOf(LogFormat format) => FormatOnly[(int)format];
}
