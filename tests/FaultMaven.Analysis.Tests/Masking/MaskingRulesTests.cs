using FaultMaven.Analysis.Masking;

namespace FaultMaven.Analysis.Tests.Masking;

/// <summary>
/// Each built-in rule, on its own, masks the formats it is for (the token formats widely used secret scanners
/// recognise: provider prefixes and checksums, not only <c>key=value</c>), and a near miss of each passes every rule.
/// </summary>
public sealed class MaskingRulesTests
{
    private const string GitHubToken = "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";
    private const string NpmToken = "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";

    public static TheoryData<string, string, string> Masked => new()
    {
        { "private-key-block", "-----BEGIN PRIVATE KEY-----MIIE-----END PRIVATE KEY-----", "<masked:private-key>" },
        { "private-key-block", """{"private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\n-----END PRIVATE KEY-----\n"}""", """{"private_key":"<masked:private-key>\n"}""" },
        { "private-key-block", "key -----BEGIN PGP PRIVATE KEY BLOCK-----\\nlQOYBF\\n-----END PGP PRIVATE KEY BLOCK----- loaded", "key <masked:private-key> loaded" },
        { "url-credentials", "GET https://bob:hunter2@api.example.com/v1", "GET https://<masked:credentials>@api.example.com/v1" },
        { "authorization-header", "Authorization: Bearer abc.def-ghi", "Authorization: Bearer <masked:token>" },
        { "jwt", "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end", "jwt <masked:jwt> end" },
        { "aws-access-key", "key AKIAIOSFODNN7EXAMPLE used", "key <masked:aws-access-key> used" },
        { "slack-token", "bot xoxb-1234567890-1234567890123-1h3d1P7keaYRtciy4Lja4CDY connected", "bot <masked:slack-token> connected" },
        { "slack-token", "user xoxp-1234567890-1234567890-1234567890123-0123456789abcdef0123456789abcdef", "user <masked:slack-token>" },
        { "slack-token", "app xapp-1-A0123456789-1234567890123-0123456789abcdef", "app <masked:slack-token>" },
        { "slack-webhook", "posting to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "posting to <masked:slack-webhook>" },
        { "google-api-key", "maps key=AIzanFIGLj5M7YYpHCOTHUtuJvbipRdkJAWZ4mo&q=x", "maps key=<masked:google-api-key>&q=x" },
        { "stripe-key", "charge with sk_live_LLOOxl3gV3FGRmrCNnFZsGqg failed", "charge with <masked:stripe-key> failed" },
        { "stripe-key", "restricted rk_test_LLOOxl3gV3FGRmrCNnFZsGqg", "restricted <masked:stripe-key>" },
        { "stripe-key", "webhook whsec_LLOOxl3gV3FGRmrCNnFZsGqg3FTH", "webhook <masked:stripe-key>" },
        { "github-token", $"clone with {GitHubToken}.", "clone with <masked:github-token>." },
        { "github-fine-grained-token", "GH_TOKEN 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", "GH_TOKEN <masked:github-token>" },
        { "gitlab-token", "push glpat-sH7Zwqhc9jXmaoq3Gqlp refused", "push <masked:gitlab-token> refused" },
        { "gitlab-token", "runner glrt-sH7Zwqhc9jXmaoq3Gqlp3FTHbs.01.0w1b2c3d4", "runner <masked:gitlab-token>" },
        { "npm-token", $"//registry/:_authToken {NpmToken}", "//registry/:_authToken <masked:npm-token>" },
        { "pypi-token", "upload pypi-AgEIcHlwaS5vcmcAQLVeuzU-XFXO-eF28RlHnqzgsBH-5qWgnGV21q4ClswscCTf07I8PjUhmi2 ok", "upload <masked:pypi-token> ok" },
        {
            "azure-connection-string",
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net",
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=<masked:secret>;EndpointSuffix=core.windows.net"
        },
        {
            "azure-connection-string",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=3FTHbsfrpsRLPGaJYpUa7w5h+abc=",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<masked:secret>"
        },
        { "azure-sas-signature", "GET /c/b?sv=2022-11-02&ss=b&sig=abcDEF123%2Bxyz456%3D789ghiJKL 403", "GET /c/b?sv=2022-11-02&ss=b&sig=<masked:secret> 403" },
        { "secret-key-value", "password=hunter2 user=bob", "password=<masked:secret> user=bob" },
        { "secret-key-value", "{\"token\": \"abc\"}", "{\"token\": \"<masked:secret>\"}" },
        { "secret-like-key-random-value", "hmac_key=8f3kLm2Qx9ZpR4tWv7Yb rotated", "hmac_key=<masked:secret> rotated" },
        { "secret-like-key-random-value", "{\"signature\": \"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5\"}", "{\"signature\": \"<masked:secret>\"}" },
        { "secret-like-key-random-value", "DB_PASS: 3FTHbsfrpsRLPGaJYpUa7w5h", "DB_PASS: <masked:secret>" },
        { "email", "mail ann.lee+ops@mail.example.co.uk now", "mail <masked:email> now" },
        { "credit-card", "card 4111-1111-1111-1111 ok", "card <masked:card> ok" },
    };

    public static TheoryData<string, string> NearMisses => new()
    {
        { "private-key-block", "-----BEGIN PUBLIC KEY-----MIIBIjAN-----END PUBLIC KEY-----" },
        { "url-credentials", "https://api.example.com:8443/v1/users?page=2" },
        { "authorization-header", "authorization failed for role viewer" },
        { "jwt", "eyJ is how base64 of a JSON object starts" },
        { "aws-access-key", "AKIA is the prefix of AWS access key ids" },
        { "slack-token", "the xoxb- prefix marks a bot token, xoxb-test is a placeholder" },
        { "slack-webhook", "https://hooks.slack.com/ answered 503" },
        { "google-api-key", "AIzaShortValue is not a key" },
        { "stripe-key", "publishable pk_live_LLOOxl3gV3FGRmrCNnFZsGqg, short sk_live_abc, task_live_LLOOxl3gV3FGRmrCNnFZsGqg" },
        { "github-token", "ghp_R4nd0mT0kenB0dyForFaultMaven124R5jPB has a wrong checksum" },
        { "github-fine-grained-token", "github_pat_ prefixes fine-grained tokens" },
        { "gitlab-token", "glpat-short is a placeholder" },
        { "npm-token", "npm_Npm0nlyRand0mB0dyForFaultMav3n2x2jJ8 has a wrong checksum" },
        { "pypi-token", "pypi-AgEshort and pypi-upload-step" },
        { "azure-connection-string", "DefaultEndpointsProtocol=https;AccountName=acct;EndpointSuffix=core.windows.net" },
        { "azure-sas-signature", "GET /search?q=x&sig=short" },
        { "secret-key-value", "2024-01-02T10:00:00.123Z tokens_used=42 primary_key_count" },
        { "secret-like-key-random-value", "cache_key=user_profile_settings_v2 signature=sha1 monkey=bananas auth=basic" },
        { "email", "user@localhost and @mention" },
        { "credit-card", "order 4111111111111112 is not a valid card" },
    };

    [Theory]
    [MemberData(nameof(Masked))]
    public void Each_rule_masks_the_formats_it_is_for(string rule, string input, string expected) =>
        Assert.Equal(expected, MaskingRules.BuiltIn.Single(r => r.Name == rule).Apply(input));

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void A_near_miss_of_each_rule_passes_every_rule(string rule, string input)
    {
        Assert.Contains(rule, MaskingRules.BuiltInNames);
        Assert.Equal(input, new Masker(MaskingOptions.Default).Mask(input));
    }

    [Fact]
    public void Every_built_in_rule_has_a_masked_example_and_a_near_miss()
    {
        var masked = Masked.Select(row => (string)row[0]).ToHashSet();
        var nearMisses = NearMisses.Select(row => (string)row[0]).ToHashSet();

        Assert.Equal([], MaskingRules.BuiltInNames.Where(name => !masked.Contains(name) || !nearMisses.Contains(name)).ToArray());
    }

    [Fact]
    public void Every_validator_a_rule_names_is_known_and_every_replacement_names_a_kind()
    {
        Assert.NotEmpty(MaskingRules.BuiltIn);
        Assert.All(MaskingRules.BuiltIn, rule =>
        {
            Assert.True(rule.Validator is null || MaskingValidators.Names.Contains(rule.Validator), rule.Name);
            Assert.Matches("<masked:[a-z-]+>", rule.Replacement);
        });
    }

    [Theory]
    [InlineData(GitHubToken, true)]
    [InlineData(NpmToken, true)]
    [InlineData("ghp_R4nd0mT0kenB0dyForFaultMaven124R5jPB", false)]
    [InlineData("ghp_R4nd0mT0kenB0dyForFaultMaven12-R5jPA", false)]
    [InlineData("ghp_", false)]
    public void The_base62_crc32_checksum_accepts_real_shapes_only(string token, bool valid) =>
        Assert.Equal(valid, Base62Checksum.IsValid(token));

    [Theory]
    [InlineData("hmac_key", "8f3kLm2Qx9ZpR4tWv7Yb", "<masked:secret>")]
    [InlineData("signature", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5", "<masked:secret>")]
    [InlineData("cache_key", "user_profile_settings", "user_profile_settings")]
    [InlineData("request_id", "8f3kLm2Qx9ZpR4tWv7Yb", "8f3kLm2Qx9ZpR4tWv7Yb")]
    public void A_field_named_like_a_secret_is_masked_when_its_value_looks_random(string name, string value, string expected) =>
        Assert.Equal(expected, new Masker(MaskingOptions.Default).MaskField(name, value));

    /// <summary>
    /// A rule with a shortcut (<see cref="MaskingRule.MayMatch"/>: the secret-like key, the e-mail address, the card number) runs its
    /// expression only on text the expression can match: on every line of the Loghub samples and the masking corpus, and
    /// on crafted edges, every line the expression matches passes the shortcut, and the rule masks what it masks without it.
    /// </summary>
    [Theory]
    [InlineData("secret-like-key-random-value", new[] { "auth_sig = \t 'AbCdEfGhIjKlMnOp'", "x.hmac_key:\"0123456789abcdef\"", "seed=0123456789abcde", "pass==AbCdEfGhIjKlMnOp", "creds: \u212Aelvin0123456789ab" })]
    [InlineData("credit-card", new[] { "card 4111-1111-1111-1111 ok", "card 5500005555555559.", "x 4111 1111 1111 1111", "blk_-6952295868487656571", "id-4111111111111111", "1.4111111111111111", "a4111111111111111", "blk_4111111111111111 x 4111111111111111", "a4111111111111111 5500-0055-5555-5559", "node-3 45 ", "\u00e94111111111111111", "4\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661" })]
    [InlineData("email", new[] { "to a.b+c@mail-1.example.org now", "x%y@a.bc", "Monitor@712d093", "@host.example.com", "a@.example.com", "a@b-c.d" })]
    public void A_rule_skips_its_expression_only_where_it_cannot_match(string name, string[] edges)
    {
        var rule = MaskingRules.BuiltIn.Single(candidate => candidate.Name == name);
        var unfiltered = rule with { MayMatch = null };
        var lines = Directory.GetFiles(TestData.Path("loghub-2k"), "*_2k.log", SearchOption.AllDirectories)
            .Append(TestData.Path("masking", "corpus.log"))
            .SelectMany(File.ReadLines)
            .Concat(edges)
            .ToList();
        var (matched, skipped) = (0, 0);
        foreach (var line in lines)
        {
            var mayMatch = rule.MayMatch!(line);
            var matches = rule.Pattern.IsMatch(line);
            Assert.True(mayMatch || !matches, $"skipped a line the expression matches: {line}");
            Assert.Equal(unfiltered.Apply(line), rule.Apply(line));
            matched += matches ? 1 : 0;
            skipped += mayMatch ? 0 : 1;
        }

        Assert.True(matched >= 2, $"only {matched} lines match: the comparison does not exercise the expression");
        Assert.True(skipped > lines.Count / 2, $"only {skipped} of {lines.Count} lines skip the expression");
    }
}
