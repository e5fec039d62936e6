using FaultMaven.Agents.Troubleshooting;
using Xunit.Abstractions;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>
/// The confidence model against the labelled incidents of tests/data/incidents: fitted on the calibration half, judged
/// on both, the held-out half never tuned against. Run with
/// <c>dotnet test tests/FaultMaven.Agents.Tests --filter FullyQualifiedName~CalibrationTests --logger "console;verbosity=detailed"</c>
/// to print the numbers docs/benchmarks.md reports.
/// </summary>
public sealed class CalibrationTests(ITestOutputHelper output)
{
    /// <summary>Regression floors for the held-out half, below what it measured when written (docs/benchmarks.md).</summary>
    private const double HeldOutTop1Floor = 0.75;
    private const double HeldOutTop3Floor = 0.85;

    [Fact]
    public void The_shipped_confidence_parameters_are_the_ones_fitted_on_the_calibration_half()
    {
        var fitted = LogisticFit.Fit(LabelledIncidents.Diagnose(LabelledIncidents.Of(LabelledIncidents.CalibrationHalf), ConfidenceParameters.Fitted));

        output.WriteLine($"fitted:  {fitted}");
        output.WriteLine($"shipped: {ConfidenceParameters.Fitted}");
        Assert.Equal(fitted, ConfidenceParameters.Fitted);
    }

    [Theory]
    [InlineData(LabelledIncidents.CalibrationHalf)]
    [InlineData(LabelledIncidents.HeldOutHalf)]
    [InlineData(LabelledIncidents.ParaphrasedSet)]
    public void No_half_gets_a_confident_wrong_first_suggestion_and_every_unknown_cause_is_answered_honestly(string half)
    {
        var diagnosed = LabelledIncidents.Diagnose(LabelledIncidents.Of(half), ConfidenceParameters.Fitted);
        var report = CalibrationReport.Of(half, diagnosed);

        Print(diagnosed, report);
        Assert.Equal(0, report.ConfidentWrong);
        Assert.Equal(report.Unknown, report.HonestUnknowns);
    }

    [Fact]
    public void The_held_out_half_keeps_its_top_one_and_top_three_accuracy()
    {
        var diagnosed = LabelledIncidents.Diagnose(LabelledIncidents.Of(LabelledIncidents.HeldOutHalf), ConfidenceParameters.Fitted);
        var report = CalibrationReport.Of(LabelledIncidents.HeldOutHalf, diagnosed);

        Print(diagnosed, report);
        Assert.True(report.Top1 >= HeldOutTop1Floor * report.Known, $"top-1 {report.Top1}/{report.Known} fell below {HeldOutTop1Floor:P0}");
        Assert.True(report.Top3 >= HeldOutTop3Floor * report.Known, $"top-3 {report.Top3}/{report.Known} fell below {HeldOutTop3Floor:P0}");
    }

    private void Print(IReadOnlyList<Diagnosed> diagnosed, CalibrationReport report)
    {
        foreach (var item in diagnosed)
        {
            var mark = item.Ranked.FirstOrDefault() is { } best && item.IsRight(best) ? "ok  " : item.Incident.IsKnown ? "MISS" : "unk ";
            output.WriteLine($"{mark} {item.Incident.Expected,-30} {Path.GetFileName(item.Incident.Path),-32} {string.Join(", ", item.Ranked.Take(3).Select(h => $"{h.RootCause} {h.Confidence:P0}"))}");
        }

        output.WriteLine(report.ToMarkdown());
    }
}
