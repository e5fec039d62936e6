using System.Buffers;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Masking;

/// <summary>
/// One kind of secret or personal data: what finds it and what replaces it. Plain data, so that other implementations
/// can mirror the list: patterns keep to the regex subset ECMAScript shares with .NET (options only at the start, no
/// atomic groups or possessive quantifiers), checks beyond the pattern are named (<see cref="MaskingValidators"/>).
/// </summary>
/// <param name="Replacement">A regex replacement pattern with numbered groups only, e.g. <c>$1&lt;masked:secret&gt;</c>.</param>
/// <param name="Triggers">Words of which every match contains one (ignoring case); text without any skips the pattern, which keeps masking cheap.</param>
/// <param name="Validator">One of <see cref="MaskingValidators.Names"/>, checked on the group named <c>value</c> if the pattern has one, else on the whole match; rejected matches stay as they are.</param>
public sealed record MaskingRule(string Name, Regex Pattern, string Replacement, IReadOnlyList<string>? Triggers = null, string? Validator = null)
{
    /// <summary>The group a validator checks when the pattern has it: the secret part of a <c>key=value</c> match.</summary>
    public const string ValueGroup = "value";

    private readonly SearchValues<string>? triggers = Triggers is null ? null : SearchValues.Create([.. Triggers], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A cheap test that every text the pattern matches passes, run after the triggers: for a pattern whose triggers are
    /// common words, so that it runs only where it can match. A shortcut that changes no result, hence not part of the
    /// exported rule (<see cref="MaskingRulesExport"/>).
    /// </summary>
    public Func<string, bool>? MayMatch { get; init; }

    public string Apply(string text)
    {
        if ((triggers is not null && text.AsSpan().IndexOfAny(triggers) < 0) || (MayMatch is not null && !MayMatch(text)))
        {
            return text;
        }

        return Validator is null
            ? Pattern.Replace(text, Replacement)
            : Pattern.Replace(text, match => MaskingValidators.Accepts(Validator, Checked(match).ValueSpan) ? match.Result(Replacement) : match.Value);
    }

    private static Capture Checked(Match match) => match.Groups[ValueGroup] is { Success: true } value ? value : match;
}
