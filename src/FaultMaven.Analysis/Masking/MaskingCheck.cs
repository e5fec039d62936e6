namespace FaultMaven.Analysis.Masking;

/// <summary>
/// A named check of a rule's match. The name is what the exported rules carry (<see cref="MaskingRulesExport"/>): the
/// browser extension implements each check under the same name, since code does not travel in JSON.
/// </summary>
public sealed record MaskingCheck(string Name, Func<string, bool> Accepts)
{
    /// <summary>Card numbers: 13 to 19 digits whose Luhn checksum is valid.</summary>
    public static MaskingCheck Luhn { get; } = new("luhn", match => Masking.Luhn.IsValid(match));
}
