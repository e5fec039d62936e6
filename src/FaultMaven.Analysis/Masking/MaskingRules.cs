using System.Buffers;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Masking;

/// <summary>The built-in rules, in the order they run. Hostnames, paths, IP addresses and error codes match none of them.</summary>
public static partial class MaskingRules
{
    /// <summary>Words that make a field name a secret's name wherever they end it (<c>db_password</c>, <c>X-Api-Key</c>, <c>aws_secret_access_key</c>).</summary>
    internal const string SecretWord = @"(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|session[_-]?id|cookie)";

    /// <summary>What every <see cref="SecretWord"/> contains, for a quick check before the pattern runs.</summary>
    internal static readonly string[] SecretWords = ["passw", "pwd", "secret", "token", "key", "credential", "session", "cookie"];

    /// <summary>
    /// Words that make a field name possibly a secret's name wherever they end it (<c>hmac_key</c>, <c>db_pass</c>,
    /// <c>x-auth</c>, <c>signature</c>): too common to mask every value, so only values that look random are masked.
    /// </summary>
    internal const string SecretLikeWord = @"(?:key|pass|passphrase|auth|sig|signature|salt|hmac|seed|creds?)";

    /// <summary>The fewest digits a <see cref="CardNumber"/> match has.</summary>
    private const int CardDigits = 13;

    /// <summary>The least length of the value <see cref="SecretLikeKeyRandomValue"/> masks.</summary>
    private const int RandomValueLength = 16;

    /// <summary>What every <see cref="SecretLikeWord"/> contains.</summary>
    internal static readonly string[] SecretLikeWords = ["key", "pass", "auth", "sig", "salt", "hmac", "seed", "cred"];

    private static readonly SearchValues<char> AsciiWordCharacters = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

    public static IReadOnlyList<MaskingRule> BuiltIn { get; } =
    [
        new("private-key-block", PrivateKeyBlock(), "<masked:private-key>", Triggers: ["PRIVATE KEY"]),
        new("url-credentials", UrlCredentials(), "$1<masked:credentials>@", Triggers: ["://"]),
        new("authorization-header", AuthorizationHeader(), "$1<masked:token>", Triggers: ["authorization"]),
        new("jwt", Jwt(), "<masked:jwt>", Triggers: ["eyJ"]),
        new("aws-access-key", AwsAccessKey(), "<masked:aws-access-key>", Triggers: ["AKIA", "ASIA", "ABIA", "ACCA"]),
        new("slack-token", SlackToken(), "<masked:slack-token>", Triggers: ["xox", "xapp-"]),
        new("slack-webhook", SlackWebhook(), "<masked:slack-webhook>", Triggers: ["hooks.slack.com/"]),
        new("google-api-key", GoogleApiKey(), "<masked:google-api-key>", Triggers: ["AIza"]),
        new("stripe-key", StripeKey(), "<masked:stripe-key>", Triggers: ["_live_", "_test_", "whsec_"]),
        new("github-token", GitHubToken(), "<masked:github-token>", Triggers: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], Validator: MaskingValidators.Base62Crc32),
        new("github-fine-grained-token", GitHubFineGrainedToken(), "<masked:github-token>", Triggers: ["github_pat_"]),
        new("gitlab-token", GitLabToken(), "<masked:gitlab-token>", Triggers: ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-", "glsoat-", "glft-", "glimt-", "glagent-"]),
        new("npm-token", NpmToken(), "<masked:npm-token>", Triggers: ["npm_"], Validator: MaskingValidators.Base62Crc32),
        new("pypi-token", PyPiToken(), "<masked:pypi-token>", Triggers: ["pypi-AgE"]),
        new("azure-connection-string", AzureKey(), "$1<masked:secret>", Triggers: ["AccountKey", "SharedAccess"]),
        new("azure-sas-signature", AzureSasSignature(), "$1<masked:secret>", Triggers: ["sig="]),
        new("secret-key-value", SecretKeyValue(), "$1<masked:secret>", Triggers: SecretWords),
        new("secret-like-key-random-value", SecretLikeKeyRandomValue(), "$1<masked:secret>", Triggers: SecretLikeWords, Validator: MaskingValidators.HighEntropy)
        {
            MayMatch = HasRandomLookingValue,
        },
        new("email", Email(), "<masked:email>", Triggers: ["@"]) { MayMatch = HasEmailShape },
        new("credit-card", CardNumber(), "<masked:card>", Validator: MaskingValidators.Luhn) { MayMatch = HasCardStart },
    ];

    public static IEnumerable<string> BuiltInNames => BuiltIn.Select(rule => rule.Name);

    /// <summary>
    /// Whether an <c>=</c> or <c>:</c> in <paramref name="text"/> is followed, past white space and one quote, by
    /// <see cref="RandomValueLength"/> characters of <see cref="SecretLikeKeyRandomValue"/>'s value: every match of it
    /// has one. Its triggers (<c>key</c>, <c>auth</c>, <c>sig</c>…) are common words, and on a line that holds one the
    /// expression tries a name at every word boundary (4.5 µs a line of the Loghub mix, two thirds of all masking).
    /// </summary>
    private static bool HasRandomLookingValue(string text)
    {
        var from = 0;
        while (text.AsSpan(from).IndexOfAny('=', ':') is var found and >= 0)
        {
            from += found + 1;
            var value = from;
            while (value < text.Length && char.IsWhiteSpace(text[value]))
            {
                value++;
            }

            if (value < text.Length && text[value] is '"' or '\'')
            {
                value++;
            }

            var length = 0;
            while (length < RandomValueLength && value + length < text.Length && MayBeValueCharacter(text[value + length]))
            {
                length++;
            }

            if (length == RandomValueLength)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether an <c>@</c> in <paramref name="text"/> has a local-part character before it and a domain label then a dot
    /// after it, as every match of <see cref="Email"/> has. Object names in Android and Java logs (<c>Monitor@712d093</c>)
    /// hold an <c>@</c> but no domain, and on such a line the expression tried every start of the name before it
    /// (tens of microseconds a line).
    /// </summary>
    private static bool HasEmailShape(string text)
    {
        var from = 0;
        while (text.AsSpan(from).IndexOf('@') is var found and >= 0)
        {
            var at = from + found;
            from = at + 1;
            var label = from;
            while (label < text.Length && (char.IsAsciiLetterOrDigit(text[label]) || text[label] == '-'))
            {
                label++;
            }

            if (at > 0 && (char.IsAsciiLetterOrDigit(text[at - 1]) || text[at - 1] is '.' or '_' or '%' or '+' or '-') && label > from && label < text.Length && text[label] == '.')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a digit 3 to 6 in <paramref name="text"/> may start a card number: <see cref="CardNumber"/>'s look-behind
    /// does not rule it out and at least <see cref="CardDigits"/> digits follow from it, single spaces or dashes between
    /// them. The rule has no trigger word, so it ran on every line, and HDFS lines are full of digits (block ids, IP
    /// addresses) that never start one. Only what is surely a word character rules a start out; other characters are
    /// left to the expression. The digits are found with vectorized searches, and a digit inside a run of ASCII word
    /// characters is skipped with the rest of its run, since the look-behind rules out every start after a word character
    /// (1 µs a line of HDFS, 7 % of <c>fm analyze</c>, when it looked at each character in turn).
    /// </summary>
    private static bool HasCardStart(string text)
    {
        var from = 0;
        while (text.AsSpan(from).IndexOfAnyInRange('3', '6') is var found and >= 0)
        {
            var start = from + found;
            if (start > 0 && IsAsciiWordCharacter(text[start - 1]))
            {
                var runEnd = text.AsSpan(start).IndexOfAnyExcept(AsciiWordCharacters);
                if (runEnd < 0)
                {
                    return false;
                }

                from = start + runEnd;
                continue;
            }

            if (CardLookBehindMayPass(text, start) && CardDigitsFrom(text, start) == CardDigits)
            {
                return true;
            }

            from = start + 1;
        }

        return false;
    }

    /// <summary>False where <see cref="CardNumber"/>'s look-behind surely fails at <paramref name="start"/>: after a word character, a digit and <c>.:/-</c>, or a word character and <c>-</c>.</summary>
    private static bool CardLookBehindMayPass(string text, int start)
    {
        var before = start > 0 ? text[start - 1] : ' ';
        var beforeThat = start > 1 ? text[start - 2] : ' ';
        return !(IsAsciiWordCharacter(before)
            || (before is '.' or ':' or '/' or '-' && char.IsAsciiDigit(beforeThat))
            || (before == '-' && IsAsciiWordCharacter(beforeThat)));
    }

    /// <summary>How many digits, up to <see cref="CardDigits"/>, follow from <paramref name="start"/> with at most one space or dash between two.</summary>
    private static int CardDigitsFrom(string text, int start)
    {
        var digits = 0;
        for (var i = start; i < text.Length && digits < CardDigits; i++)
        {
            if (char.IsDigit(text[i]))
            {
                digits++;
            }
            else if (text[i] is not (' ' or '-') || i + 1 >= text.Length || !char.IsDigit(text[i + 1]))
            {
                break;
            }
        }

        return digits;
    }

    private static bool IsAsciiWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>A character of <c>[A-Za-z0-9+/_=~-]</c>, or any non-ASCII one (case-insensitive matching maps some, such as the Kelvin sign, onto ASCII letters).</summary>
    private static bool MayBeValueCharacter(char c) => !char.IsAscii(c) || char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '_' or '=' or '~' or '-';

    // Also inside a JSON string, where the line breaks are \n escapes; PGP's blocks end in " BLOCK".
    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?i)(\b(?:proxy-)?authorization\b[""']?\s*[:=]\s*[""']?(?:(?:bearer|basic|digest|token|negotiate|apikey)\s+)?)[^\s""',;]+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKey();

    // xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe- tokens and xapp- app tokens: the prefix, a numeric team or app id, then the secret.
    [GeneratedRegex(@"\b(?:xox[abeoprs]|xapp)-[0-9]+-[0-9A-Za-z-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    // Incoming webhooks and workflow triggers: the path is the credential.
    [GeneratedRegex(@"https://hooks\.slack\.com/(?:services|workflows|triggers)/[0-9A-Za-z_/-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    // Secret and restricted keys (live and test mode) and webhook signing secrets; publishable pk_ keys are public.
    [GeneratedRegex(@"\b(?:(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{20,}|whsec_[0-9A-Za-z]{24,})", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKey();

    // Personal, OAuth, user-to-server, server-to-server and refresh tokens: 30 random characters and a 6-character checksum.
    [GeneratedRegex(@"\bgh[pousr]_[0-9A-Za-z]{36}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bgithub_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubFineGrainedToken();

    // Personal, deploy, runner, trigger, CI job, OAuth, service-account, feed, incoming-mail and agent tokens; routable
    // tokens carry dot-separated parts after the random one.
    [GeneratedRegex(@"\bgl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt|agent)-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\bnpm_[0-9A-Za-z]{36}\b", RegexOptions.CultureInvariant)]
    private static partial Regex NpmToken();

    // API tokens are macaroons: base64 of a binary that always starts the same (AgE...).
    [GeneratedRegex(@"\bpypi-AgE[0-9A-Za-z_-]{50,}", RegexOptions.CultureInvariant)]
    private static partial Regex PyPiToken();

    // Storage, Service Bus and Event Hubs connection strings: Key=value pairs separated by semicolons.
    [GeneratedRegex(@"(?i)\b((?:AccountKey|SharedAccessKey|SharedAccessSignature)\s*=\s*)[^;\s""'<]+", RegexOptions.CultureInvariant)]
    private static partial Regex AzureKey();

    // The signature of a shared access signature URL (?sv=...&sig=...).
    [GeneratedRegex(@"([?&;]sig=)[^&;\s""'<]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex AzureSasSignature();

    // key=value, key: value, "key":"value", key="value"; the value ends at whitespace, a quote, & , or ;
    [GeneratedRegex(@"(?i)(" + SecretWord + @"[""']?\s*[=:]\s*[""']?)(?!<masked:)[^\s""'&,;]+", RegexOptions.CultureInvariant)]
    private static partial Regex SecretKeyValue();

    // The value (the group the validator checks) is masked only when it looks random: signature=abc stays.
    // RandomValueLength is its least length.
    [GeneratedRegex(@"(?i)(\b[\w.-]*?" + SecretLikeWord + @"[""']?\s*[=:]\s*[""']?)(?<value>[A-Za-z0-9+/_=~-]{16,})", RegexOptions.CultureInvariant)]
    private static partial Regex SecretLikeKeyRandomValue();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // 13 to 19 digits, optionally in groups separated by single spaces or dashes, starting like a card (3 to 6). A
    // number joined to an identifier by a dash (HDFS's blk_-6952295868487656571, id-…) is that identifier's suffix,
    // not a card, even when its checksum happens to be valid (one in ten are).
    [GeneratedRegex(@"(?<!\w|\d[.:/-]|\w-)[3-6]\d{3}(?:[ -]?\d){9,15}(?!\w|[.:/-]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CardNumber();
}
