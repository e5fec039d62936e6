using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Incidents;

/// <summary>
/// Titles a person reads: one line of at most <see cref="MaxLength"/> characters. An exception or error class names the
/// problem in words (<c>OutOfMemoryError in billing (java.lang)</c>); other text keeps its first line, cut at a word.
/// The full template stays in the finding's details.
/// </summary>
public static partial class Titles
{
    public const int MaxLength = 120;

    /// <param name="text">A template or message; only its first line is used.</param>
    /// <param name="service">Where it happened, when known.</param>
    public static string Of(string text, string? service = null)
    {
        var firstLine = text.AsSpan();
        var newline = firstLine.IndexOfAny('\r', '\n');
        firstLine = (newline < 0 ? firstLine : firstLine[..newline]).Trim();
        var exception = ExceptionName().Match(text);
        if (exception.Success)
        {
            var where = service is null ? string.Empty : $" in {service}";
            var space = exception.Groups["space"].Success ? $" ({exception.Groups["space"].Value.TrimEnd('.')})" : string.Empty;
            return Shorten($"{exception.Groups["name"].Value}{where}{space}");
        }

        return Shorten(firstLine.ToString());
    }

    /// <summary>The text itself when it fits, else cut at the last space before the limit with an ellipsis.</summary>
    public static string Shorten(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxLength - 1);
        return string.Concat(text.AsSpan(0, cut > MaxLength / 2 ? cut : MaxLength - 1).TrimEnd(), "…");
    }

    [GeneratedRegex(@"(?<![\w$.])(?<space>(?:[A-Za-z_][\w$]*\.)+)?(?<name>[A-Z][\w$]*(?:Exception|Error))\b", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ExceptionName();
}
