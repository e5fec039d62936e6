using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultMaven.Analysis.Masking;

/// <summary>
/// The built-in masking rules as JSON for the browser extension (<c>extension/src/generated/masking-rules.json</c>),
/// so it shows the user the text exactly as the server would mask it before anything leaves the browser.
/// </summary>
/// <remarks>
/// Shape: <c>{ rules: [{ name, source, flags, replacement, triggers?, check? }], privateKeyLines: { name, begin, end, replacement } }</c>.
/// <c>source</c>/<c>flags</c> are for ECMAScript's <c>new RegExp</c> (<see cref="EcmaScriptRegex"/>); <c>replacement</c> keeps
/// .NET's substitution syntax (<c>$1</c>, <c>${name}</c>, <c>$$</c>); <c>triggers</c> are words of which every match contains one
/// (ignoring case); <c>check</c> names a validator of <see cref="MaskingValidators"/>, checked on the match's group named <c>value</c> when it has one, else on the whole match. Rules run in order; <c>privateKeyLines</c> runs first on
/// each line and carries the "inside a private key" state from line to line, as <see cref="Masker.MaskLine"/> does.
/// </remarks>
public static class MaskingRulesExport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The file is read by people reviewing a diff: keep < > & ' as they are in the patterns.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON text of <see cref="MaskingRules.BuiltIn"/>, ending in a newline.</summary>
    /// <exception cref="NotSupportedException">A rule's pattern cannot be expressed in ECMAScript (the message names the rule).</exception>
    public static string ToJson() => JsonSerializer.Serialize(Export(), Json) + "\n";

    private static ExportedRules Export()
    {
        var begin = EcmaScriptRegex.Translate(Masker.PrivateKeyBegin());
        var end = EcmaScriptRegex.Translate(Masker.PrivateKeyEnd());
        return new(
            "Generated from FaultMaven.Analysis.Masking.MaskingRules by MaskingRulesExportTests; do not edit.",
            [.. MaskingRules.BuiltIn.Select(ExportRule)],
            new(Masker.PrivateKeyRule, new(begin.Source, begin.Flags), new(end.Source, end.Flags), Masker.MaskedPrivateKey));
    }

    private static ExportedRule ExportRule(MaskingRule rule)
    {
        try
        {
            var (source, flags) = EcmaScriptRegex.Translate(rule.Pattern);
            return new(rule.Name, source, flags, rule.Replacement, rule.Triggers, rule.Validator);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"masking rule '{rule.Name}' cannot run in the browser: {e.Message}", e);
        }
    }

    private sealed record ExportedRules(string Comment, IReadOnlyList<ExportedRule> Rules, ExportedPrivateKeyLines PrivateKeyLines);

    private sealed record ExportedRule(string Name, string Source, string Flags, string Replacement, IReadOnlyList<string>? Triggers, string? Check);

    private sealed record ExportedPattern(string Source, string Flags);

    private sealed record ExportedPrivateKeyLines(string Name, ExportedPattern Begin, ExportedPattern End, string Replacement);
}
