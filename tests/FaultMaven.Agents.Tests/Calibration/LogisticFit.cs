using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>
/// Fits <see cref="ConfidenceParameters"/> by logistic regression: every hypothesis ranked for a calibration incident
/// is one sample, right (1) when it names the incident's cause. Full-batch gradient descent, from zero so the result is
/// deterministic, on the mean log-loss plus a small L2 penalty (the set is small; it keeps rare features from running
/// off) plus the product's one hard requirement as a squared hinge: a wrong hypothesis must stay below
/// <see cref="WrongCeiling"/>, a margin under the 50 % at which an answer is stated as the root cause. Plain log-loss
/// spends no effort on that boundary; a weak generic line on an unknown cause landed at 54 % without it.
/// </summary>
public static class LogisticFit
{
    private const double Ridge = 0.01;
    private const double LearningRate = 0.5;
    private const int Iterations = 20_000;
    private const double WrongCeiling = 0.4;
    private const double HingeWeight = 5;

    public static ConfidenceParameters Fit(IReadOnlyList<Diagnosed> diagnosed)
    {
        var samples = diagnosed.SelectMany(item => item.Ranked.Select(hypothesis => (X: Vector(hypothesis.Features), Y: item.IsRight(hypothesis) ? 1.0 : 0.0))).ToList();
        var w = new double[5];
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
                w[i] -= LearningRate * (gradient[i] + (i == 0 ? 0 : Ridge * w[i]));
            }
        }

        return new ConfidenceParameters(Round(w[0]), Round(w[1]), Round(w[2]), Round(w[3]), Round(w[4]));
    }

    private static double[] Vector(EvidenceFeatures features) => [1, features.Decisive, features.Support, features.Symptom, features.Cause];

    private static double Dot(double[] w, double[] x) => w.Select((weight, i) => weight * x[i]).Sum();

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Round(double value) => Math.Round(value, 2);
}
