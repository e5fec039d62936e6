using System.Buffers;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Masking;

/// <summary>Replaces secrets and personal data with <c>&lt;masked:kind&gt;</c>, line by line, so nothing unmasked is ever stored, not even in multi-line state.</summary>
public sealed partial class Masker
{
    /// <summary>The rule that masks private keys whose PEM block spans several lines.</summary>
    public const string PrivateKeyRule = "private-key-lines";

    /// <summary>The rule that masks the whole value of a field whose name says it is a secret (<c>password</c>, <c>api_key</c>...).</summary>
    public const string SensitiveFieldRule = "sensitive-field";

    internal const string MaskedPrivateKey = "<masked:private-key>";
    private const string MaskedSecret = "<masked:secret>";

    private static readonly SearchValues<string> SecretWordSearch = SearchValues.Create(MaskingRules.SecretWords, StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> SecretLikeWordSearch = SearchValues.Create(MaskingRules.SecretLikeWords, StringComparison.OrdinalIgnoreCase);

    private readonly MaskingRule[] rules;
    private readonly MaskingRule[] untriggered;
    private readonly SearchValues<string>? anyTrigger;
    private readonly bool masksPrivateKeyLines;
    private readonly bool masksSensitiveFields;

    public Masker(MaskingOptions options)
    {
        rules = [.. MaskingRules.BuiltIn.Where(rule => !options.Disabled.Contains(rule.Name)), .. options.Additional];
        untriggered = [.. rules.Where(rule => rule.Triggers is null)];
        string[] triggers = [.. rules.SelectMany(rule => rule.Triggers ?? []).Distinct(StringComparer.OrdinalIgnoreCase)];
        anyTrigger = triggers.Length == 0 ? null : SearchValues.Create(triggers, StringComparison.OrdinalIgnoreCase);
        masksPrivateKeyLines = !options.Disabled.Contains(PrivateKeyRule);
        masksSensitiveFields = !options.Disabled.Contains(SensitiveFieldRule);
    }

    /// <summary>Masks one line of text.</summary>
    /// <param name="insidePrivateKey">Whether an earlier line opened a PEM private key block that has not ended yet; updated.</param>
    public string MaskLine(string line, ref bool insidePrivateKey)
    {
        if (masksPrivateKeyLines)
        {
            line = MaskPrivateKeyLines(line, ref insidePrivateKey);
        }

        // Most lines hold none of the rules' trigger words: one scan for all of them then replaces a scan per rule. The
        // shortcut is taken only when it changes nothing, so the rules' order and outcome stay exactly as below.
        if (anyTrigger is not null && line.AsSpan().IndexOfAny(anyTrigger) < 0 && ApplyAll(untriggered, line) == line)
        {
            return line;
        }

        return ApplyAll(rules, line);
    }

    private static string ApplyAll(MaskingRule[] rules, string line)
    {
        foreach (var rule in rules)
        {
            line = rule.Apply(line);
        }

        return line;
    }

    /// <summary>Masks a single-line value, e.g. an attribute.</summary>
    public string Mask(string text)
    {
        var insidePrivateKey = false;
        return MaskLine(text, ref insidePrivateKey);
    }

    /// <summary>Masks text of several lines (what a person wrote), line by line, so that a private key spread over lines is masked whole.</summary>
    public string MaskText(string text)
    {
        var insidePrivateKey = false;
        return string.Join('\n', text.Split('\n').Select(line => MaskLine(line, ref insidePrivateKey)));
    }

    /// <summary>
    /// Masks the value of a named field: entirely when the name says it is a secret (<c>password</c>), or when the name
    /// may be a secret's (<c>hmac_key</c>, <c>signature</c>) and the value looks random; otherwise by the rules.
    /// </summary>
    public string MaskField(string name, string value) =>
        masksSensitiveFields && value.Length > 0 && (IsSecretName(name) || (IsSecretLikeName(name) && Entropy.LooksRandom(value))) ? MaskedSecret : Mask(value);

    private static bool IsSecretName(string name) => name.AsSpan().IndexOfAny(SecretWordSearch) >= 0 && SensitiveName().IsMatch(name);

    private static bool IsSecretLikeName(string name) => name.AsSpan().IndexOfAny(SecretLikeWordSearch) >= 0 && SecretLikeName().IsMatch(name);

    private static string MaskPrivateKeyLines(string line, ref bool insidePrivateKey)
    {
        if (insidePrivateKey)
        {
            var end = PrivateKeyEnd().Match(line);
            if (!end.Success)
            {
                return MaskedPrivateKey;
            }

            insidePrivateKey = false;
            return MaskedPrivateKey + line[(end.Index + end.Length)..];
        }

        var begin = PrivateKeyBegin().Match(line);
        if (begin.Success && !PrivateKeyEnd().IsMatch(line, begin.Index))
        {
            insidePrivateKey = true;
            return line[..begin.Index] + MaskedPrivateKey;
        }

        return line;
    }

    [GeneratedRegex("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    internal static partial Regex PrivateKeyBegin();

    [GeneratedRegex("-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    internal static partial Regex PrivateKeyEnd();

    [GeneratedRegex(@"(?i)^[\w.-]*?" + MaskingRules.SecretWord + "$", RegexOptions.CultureInvariant)]
    private static partial Regex SensitiveName();

    [GeneratedRegex(@"(?i)^[\w.-]*?" + MaskingRules.SecretLikeWord + "$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretLikeName();
}
