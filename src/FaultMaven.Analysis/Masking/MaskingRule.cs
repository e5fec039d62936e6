using System.Buffers;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Masking;

/// <summary>One kind of secret or personal data: what finds it and what replaces it.</summary>
/// <param name="Replacement">A regex replacement pattern, e.g. <c>$1&lt;masked:secret&gt;</c>.</param>
/// <param name="Triggers">Words of which every match contains one (ignoring case); text without any skips the pattern, which keeps masking cheap.</param>
/// <param name="Accept">Further check of a match (e.g. <see cref="MaskingCheck.Luhn"/>); rejected matches stay as they are.</param>
public sealed record MaskingRule(string Name, Regex Pattern, string Replacement, IReadOnlyList<string>? Triggers = null, MaskingCheck? Accept = null)
{
    private readonly SearchValues<string>? triggers = Triggers is null ? null : SearchValues.Create([.. Triggers], StringComparison.OrdinalIgnoreCase);

    public string Apply(string text)
    {
        if (triggers is not null && text.AsSpan().IndexOfAny(triggers) < 0)
        {
            return text;
        }

        return Accept is null
            ? Pattern.Replace(text, Replacement)
            : Pattern.Replace(text, match => Accept.Accepts(match.Value) ? match.Result(Replacement) : match.Value);
    }
}
