using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Masking;

/// <summary>One kind of secret or personal data: what finds it and what replaces it.</summary>
/// <param name="Replacement">A regex replacement pattern, e.g. <c>$1&lt;masked:secret&gt;</c>.</param>
/// <param name="Accept">Further check of a match (e.g. the Luhn checksum); unmatched text stays as it is.</param>
public sealed record MaskingRule(string Name, Regex Pattern, string Replacement, Func<Match, bool>? Accept = null);
