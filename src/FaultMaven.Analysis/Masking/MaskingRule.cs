using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Masking;

/// <summary>One kind of secret or personal data: what finds it and what replaces it.</summary>
/// <param name="Replacement">A regex replacement pattern, e.g. <c>$1&lt;masked:secret&gt;</c>.</param>
/// <param name="Trigger">Text every match contains (compared ignoring case); lines without it skip the pattern, which keeps masking cheap.</param>
/// <param name="Accept">Further check of a match (e.g. the Luhn checksum); rejected matches stay as they are.</param>
public sealed record MaskingRule(string Name, Regex Pattern, string Replacement, string? Trigger = null, Func<Match, bool>? Accept = null)
{
    public string Apply(string text)
    {
        if (Trigger is not null && !text.Contains(Trigger, StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        return Accept is null
            ? Pattern.Replace(text, Replacement)
            : Pattern.Replace(text, match => Accept(match) ? match.Result(Replacement) : match.Value);
    }
}
