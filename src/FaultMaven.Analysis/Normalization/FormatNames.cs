namespace FaultMaven.Analysis.Normalization;

/// <summary>The lower-case names of <see cref="LogFormat"/>s used in <see cref="AttributeKeys.Format"/>, computed once.</summary>
public static class FormatNames
{
    private static readonly string[] Names = [.. Enum.GetNames<LogFormat>().Select(name => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name))];

    public static string Of(LogFormat format) => Names[(int)format];
}
