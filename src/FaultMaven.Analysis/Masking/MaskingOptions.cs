namespace FaultMaven.Analysis.Masking;

/// <summary>Which masking rules run: the built-in ones minus <see cref="Disabled"/>, plus <see cref="Additional"/>.</summary>
public sealed record MaskingOptions
{
    public static MaskingOptions Default { get; } = new();

    public static MaskingOptions None { get; } = new() { Disabled = new HashSet<string>(MaskingRules.BuiltInNames) { Masker.PrivateKeyRule, Masker.SensitiveFieldRule } };

    /// <summary>Names of rules to skip: any of <see cref="MaskingRules.BuiltInNames"/>, <see cref="Masker.PrivateKeyRule"/>, <see cref="Masker.SensitiveFieldRule"/>.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>();

    public IReadOnlyList<MaskingRule> Additional { get; init; } = [];
}
