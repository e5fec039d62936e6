using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Masking;

/// <summary>The built-in rules, in the order they run. Hostnames, paths, IP addresses and error codes match none of them.</summary>
public static partial class MaskingRules
{
    /// <summary>Words that make a field name a secret's name wherever they end it (<c>db_password</c>, <c>X-Api-Key</c>, <c>aws_secret_access_key</c>).</summary>
    internal const string SecretWord = @"(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|session[_-]?id|cookie)";

    /// <summary>What every <see cref="SecretWord"/> contains, for a quick check before the pattern runs.</summary>
    internal static readonly string[] SecretWords = ["passw", "pwd", "secret", "token", "key", "credential", "session", "cookie"];

    public static IReadOnlyList<MaskingRule> BuiltIn { get; } =
    [
        new("private-key-block", PrivateKeyBlock(), "<masked:private-key>", Triggers: ["PRIVATE KEY-----"]),
        new("url-credentials", UrlCredentials(), "$1<masked:credentials>@", Triggers: ["://"]),
        new("authorization-header", AuthorizationHeader(), "$1<masked:token>", Triggers: ["authorization"]),
        new("jwt", Jwt(), "<masked:jwt>", Triggers: ["eyJ"]),
        new("aws-access-key", AwsAccessKey(), "<masked:aws-access-key>", Triggers: ["AKIA", "ASIA", "ABIA", "ACCA"]),
        new("secret-key-value", SecretKeyValue(), "$1<masked:secret>", Triggers: SecretWords),
        new("email", Email(), "<masked:email>", Triggers: ["@"]),
        new("credit-card", CardNumber(), "<masked:card>", Accept: MaskingCheck.Luhn),
    ];

    public static IEnumerable<string> BuiltInNames => BuiltIn.Select(rule => rule.Name);

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?i)(\b(?:proxy-)?authorization\b[""']?\s*[:=]\s*[""']?(?:(?:bearer|basic|digest|token|negotiate|apikey)\s+)?)[^\s""',;]+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKey();

    // key=value, key: value, "key":"value", key="value"; the value ends at whitespace, a quote, & , or ;
    [GeneratedRegex(@"(?i)(" + SecretWord + @"[""']?\s*[=:]\s*[""']?)(?!<masked:)[^\s""'&,;]+", RegexOptions.CultureInvariant)]
    private static partial Regex SecretKeyValue();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // 13 to 19 digits, optionally in groups separated by single spaces or dashes, starting like a card (3 to 6). A
    // number joined to an identifier by a dash (HDFS's blk_-6952295868487656571, id-…) is that identifier's suffix,
    // not a card, even when its checksum happens to be valid (one in ten are).
    [GeneratedRegex(@"(?<!\w|\d[.:/-]|\w-)[3-6]\d{3}(?:[ -]?\d){9,15}(?!\w|[.:/-]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CardNumber();
}
