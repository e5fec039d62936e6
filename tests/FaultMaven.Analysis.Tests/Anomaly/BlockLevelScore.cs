namespace FaultMaven.Analysis.Tests.Anomaly;

/// <summary>Precision, recall and F1 of predicted anomalous ids, as the HDFS block-level benchmark (loglizer) computes them.</summary>
internal sealed record BlockLevelScore(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static BlockLevelScore Of(IReadOnlyDictionary<string, bool> isAnomaly, IEnumerable<string> predicted)
    {
        var predictedSet = predicted.ToHashSet(StringComparer.Ordinal);
        var truePositives = predictedSet.Count(id => isAnomaly.GetValueOrDefault(id));
        var falseNegatives = isAnomaly.Count(pair => pair.Value && !predictedSet.Contains(pair.Key));
        return new BlockLevelScore(truePositives, predictedSet.Count - truePositives, falseNegatives);
    }

    /// <summary>Reads a BlockId,Label CSV with labels Normal/Anomaly (or 0/1, true/false).</summary>
    public static IReadOnlyDictionary<string, bool> ReadLabels(string path) =>
        File.ReadLines(path)
            .Select(line => line.Split(','))
            .Where(fields => fields.Length >= 2 && !fields[1].Trim().Equals("label", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(
                fields => fields[0].Trim().TrimStart('\ufeff'),
                fields => fields[1].Trim().ToLowerInvariant() is "anomaly" or "abnormal" or "1" or "true" or "yes");

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
