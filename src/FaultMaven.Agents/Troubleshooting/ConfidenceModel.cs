using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>Turns evidence and past outcomes into a confidence in (0, 1).</summary>
/// <remarks>
/// Evidence strength sums, over matching signatures, weight × level factor × a log-damped count, so a second kind of
/// line says more than the hundredth copy of the first. It is scaled by how early the first evidence appears (causes
/// precede symptoms), then added as log-odds to the prior odds given by the root cause's feedback success rate.
/// </remarks>
public static class ConfidenceModel
{
    private const double MaxRepeatFactor = 3;
    private const double LogOddsPerStrength = 2;
    private const double StrengthForEvenOdds = 1;

    public static double Strength(RootCauseEvidence evidence, int inputLines)
    {
        var strength = evidence.BySignature.Sum(hits => hits.Signature.Weight * LevelFactor(hits.MaxLevel) * Math.Min(1 + Math.Log(hits.Count), MaxRepeatFactor));
        var earliness = 1 - ((double)evidence.Lines[0].Position / Math.Max(1, inputLines));
        return strength * (0.8 + (0.4 * earliness));
    }

    public static double Confidence(double strength, double successRate)
    {
        var logOdds = Math.Log(successRate / (1 - successRate)) + (LogOddsPerStrength * (strength - StrengthForEvenOdds));
        return 1 / (1 + Math.Exp(-logOdds));
    }

    private static double LevelFactor(Severity level) => level switch
    {
        Severity.Fatal or Severity.Error => 1,
        Severity.Warn or Severity.Unknown => 0.85,
        Severity.Info => 0.7,
        _ => 0.5,
    };
}
