using System.Globalization;
using System.Text;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>One bin of the reliability curve: suggestions whose confidence fell in [From, To).</summary>
public sealed record ReliabilityBin(double From, double To, int Count, double MeanConfidence, double FractionRight);

/// <summary>How well the ranking and its confidence did on one half of the labelled incidents.</summary>
/// <param name="Top1">Known-cause incidents whose cause was ranked first.</param>
/// <param name="Top3">Known-cause incidents whose cause was among the first three.</param>
/// <param name="HonestUnknowns">Unknown-cause incidents whose best suggestion stayed below <see cref="DiagnosisSummary.ConfidentFrom"/>.</param>
/// <param name="ConfidentWrong">Incidents whose first suggestion is wrong yet at or above that confidence.</param>
/// <param name="Brier">Mean (p − right)² of the first suggestion (p = 0 when there is none).</param>
/// <param name="BrierShown">The same over every suggestion shown (the first <see cref="Assistant.MaxSuggestions"/>).</param>
public sealed record CalibrationReport(
    string Half,
    int Known,
    int Top1,
    int Top3,
    int Unknown,
    int HonestUnknowns,
    int ConfidentWrong,
    double Brier,
    double BrierShown,
    IReadOnlyList<ReliabilityBin> Reliability)
{
    private const int Bins = 5;

    public static CalibrationReport Of(string half, IReadOnlyList<Diagnosed> diagnosed)
    {
        var known = diagnosed.Where(item => item.Incident.IsKnown).ToList();
        var unknown = diagnosed.Where(item => !item.Incident.IsKnown).ToList();
        var confident = DiagnosisSummary.ConfidentFrom;
        var shown = diagnosed.SelectMany(item => item.Ranked.Take(Assistant.MaxSuggestions).Select(hypothesis => (P: hypothesis.Confidence, Right: item.IsRight(hypothesis)))).ToList();
        var first = diagnosed.Select(item => item.Ranked.FirstOrDefault() is { } best ? (P: best.Confidence, Right: item.IsRight(best)) : (P: 0.0, Right: false)).ToList();
        return new CalibrationReport(
            half,
            known.Count,
            known.Count(item => item.Ranked.Take(1).Any(item.IsRight)),
            known.Count(item => item.Ranked.Take(3).Any(item.IsRight)),
            unknown.Count,
            unknown.Count(item => item.Ranked.FirstOrDefault() is not { Confidence: var p } || p < confident),
            first.Count(item => !item.Right && item.P >= confident),
            first.Average(item => Squared(item.P - (item.Right ? 1 : 0))),
            shown.Count == 0 ? 0 : shown.Average(item => Squared(item.P - (item.Right ? 1 : 0))),
            [.. Enumerable.Range(0, Bins).Select(bin =>
            {
                var (from, to) = ((double)bin / Bins, (double)(bin + 1) / Bins);
                var inBin = shown.Where(item => item.P >= from && (item.P < to || (bin == Bins - 1 && item.P <= to))).ToList();
                return new ReliabilityBin(from, to, inBin.Count, inBin.Count == 0 ? 0 : inBin.Average(item => item.P), inBin.Count == 0 ? 0 : inBin.Count(item => item.Right) / (double)inBin.Count);
            })]);
    }

    /// <summary>The report as the Markdown that docs/benchmarks.md quotes.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Half}: top-1 {Top1}/{Known}, top-3 {Top3}/{Known}, unknown causes answered below 50 %: {HonestUnknowns}/{Unknown}, confident (≥ 50 %) wrong first suggestions: {ConfidentWrong}, Brier (first suggestion) {Brier:F3}, Brier (all shown) {BrierShown:F3}");
        text.AppendLine();
        text.AppendLine("| confidence | suggestions | mean confidence | right |");
        text.AppendLine("|---|---|---|---|");
        foreach (var bin in Reliability)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {bin.From:P0}–{bin.To:P0} | {bin.Count} | {(bin.Count == 0 ? "–" : bin.MeanConfidence.ToString("P0", CultureInfo.InvariantCulture))} | {(bin.Count == 0 ? "–" : bin.FractionRight.ToString("P0", CultureInfo.InvariantCulture))} |");
        }

        return text.ToString();
    }

    private static double Squared(double value) => value * value;
}
