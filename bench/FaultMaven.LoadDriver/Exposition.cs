using System.Globalization;
using System.Text.RegularExpressions;

namespace FaultMaven.LoadDriver;

/// <summary>
/// Sums of samples in the worker's Prometheus text exposition (https://prometheus.io/docs/instrumenting/exposition_formats/),
/// picked by a pattern that captures the sample's value as group <c>value</c>.
/// </summary>
public static class Exposition
{
    /// <summary>The sum of every matching sample.</summary>
    public static double Sum(Regex pattern, string exposition) => pattern.Matches(exposition).Sum(Value);

    /// <summary>The sum of the matching samples per value of the pattern's group <paramref name="key"/> (a label).</summary>
    public static Dictionary<string, double> SumBy(Regex pattern, string exposition, string key) =>
        pattern.Matches(exposition)
            .GroupBy(m => m.Groups[key].Value)
            .ToDictionary(g => g.Key, g => g.Sum(Value));

    private static double Value(Match match) => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
}
