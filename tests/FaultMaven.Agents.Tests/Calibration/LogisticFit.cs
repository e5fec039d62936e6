using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>
/// Fits <see cref="ConfidenceParameters"/> by logistic regression: every hypothesis ranked for a calibration incident
/// is one sample, right (1) when it names the incident's cause. Full-batch gradient descent, from zero so the result is
/// deterministic, on the mean log-loss plus a small L2 penalty (the set is small; it keeps rare features from running
/// off) plus the product's one hard requirement as a squared hinge: a wrong hypothesis must stay below
/// <see cref="WrongCeiling"/>, a margin under the 50 % at which an answer is stated as the root cause. Plain log-loss
/// spends no effort on that boundary; a weak generic line on an unknown cause landed at 54 % without it.
/// Two stages: the signature coefficients on the incidents as written (where a paraphrase is rare), then, with those
/// fixed, the meaning coefficient on the same incidents with signatures switched off, so what a meaning match is worth
/// is learnt from meaning matches without moving what a signature match is worth.
/// </summary>
public static class LogisticFit
{
    private const double Ridge = 0.01;
    private const double LearningRate = 0.5;
    private const int Iterations = 20_000;
    /// <summary>The confidence a wrong hypothesis must stay under.</summary>
    public const double WrongCeiling = 0.4;
    private const double HingeWeight = 5;

    private const int MeaningIndex = 5;

    /// <param name="asWritten">The calibration incidents diagnosed with signatures and meaning.</param>
    /// <param name="meaningOnly">The same incidents diagnosed with every signature switched off.</param>
    public static ConfidenceParameters Fit(IReadOnlyList<Diagnosed> asWritten, IReadOnlyList<Diagnosed> meaningOnly)
    {
        var w = new double[6];
        Descend(Samples(asWritten), w, index => index != MeaningIndex);
        Descend(Samples(meaningOnly), w, index => index == MeaningIndex);
        return new ConfidenceParameters(Round(w[0]), Round(w[1]), Round(w[2]), Round(w[3]), Round(w[4]), Round(w[5]));
    }

    private static List<(double[] X, double Y)> Samples(IReadOnlyList<Diagnosed> diagnosed) =>
        [.. diagnosed.SelectMany(item => item.Ranked.Select(hypothesis => (X: Vector(hypothesis.Features), Y: item.IsRight(hypothesis) ? 1.0 : 0.0)))];

    /// <summary>Moves only the coefficients <paramref name="trained"/> selects, from where <paramref name="w"/> stands.</summary>
    private static void Descend(List<(double[] X, double Y)> samples, double[] w, Func<int, bool> trained)
    {
        var ceiling = Math.Log(WrongCeiling / (1 - WrongCeiling));
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var gradient = new double[w.Length];
            foreach (var (x, y) in samples)
            {
                var z = Dot(w, x);
                var error = Sigmoid(z) - y + (y == 0 && z > ceiling ? HingeWeight * 2 * (z - ceiling) : 0);
                for (var i = 0; i < w.Length; i++)
                {
                    gradient[i] += error * x[i] / samples.Count;
                }
            }

            for (var i = 0; i < w.Length; i++)
            {
                w[i] -= trained(i) ? LearningRate * (gradient[i] + (i == 0 ? 0 : Ridge * w[i])) : 0;
            }
        }
    }

    private static double[] Vector(EvidenceFeatures features) => [1, features.Decisive, features.Support, features.Symptom, features.Cause, features.Meaning];

    // A plain loop: the meaning threshold fit runs this about 100 million times (41 thresholds, two stages of 20,000
    // iterations); summed in the same order as before, so the fitted values are unchanged.
    private static double Dot(double[] w, double[] x)
    {
        var sum = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            sum += w[i] * x[i];
        }

        return sum;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Round(double value) => Math.Round(value, 2);
}
