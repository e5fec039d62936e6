using FaultMaven.Agents.Troubleshooting;
using Xunit.Abstractions;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>
/// The confidence model and the meaning matcher against the labelled incidents of tests/data/incidents: fitted on the
/// calibration half, judged on it, on the held-out half and on the paraphrased set, neither of them ever tuned against.
/// Run with
/// <c>dotnet test tests/FaultMaven.Agents.Tests --filter FullyQualifiedName~CalibrationTests --logger "console;verbosity=detailed"</c>
/// to print the numbers docs/benchmarks.md reports.
/// </summary>
[Collection(MeaningCollection.Name)]
public sealed class CalibrationTests(MeaningFixture meaning, ITestOutputHelper output)
{
    /// <summary>Regression floors, below what each set measured when written (docs/benchmarks.md).</summary>
    private const double HeldOutTop1Floor = 0.75;
    private const double HeldOutTop3Floor = 0.85;
    private const double ParaphrasedTop3Floor = 0.4;

    [Fact]
    public void The_shipped_meaning_threshold_is_the_one_fitted_on_the_calibration_half()
    {
        var incidents = LabelledIncidents.Of(LabelledIncidents.CalibrationHalf);
        var candidates = MeaningThresholdFit.Candidates(incidents, meaning.Knowledge, meaning.Matcher);
        var fitted = MeaningThresholdFit.Best(candidates);

        output.WriteLine($"knowledge base: {meaning.Matcher.AnchorCount} anchors embedded in {meaning.EmbeddingTime.TotalSeconds:F1} s");
        output.WriteLine($"fitted {fitted}, shipped {EmbeddingMeaningMatcher.FittedThreshold}");
        foreach (var candidate in candidates)
        {
            output.WriteLine(candidate.ToString());
        }

        Assert.Equal(EmbeddingMeaningMatcher.FittedThreshold, fitted);
    }

    [Fact]
    public void The_shipped_confidence_parameters_are_the_ones_fitted_on_the_calibration_half()
    {
        var calibration = LabelledIncidents.Of(LabelledIncidents.CalibrationHalf);
        var asWritten = Diagnose(LabelledIncidents.CalibrationHalf, withMeaning: true);
        var meaningOnly = LabelledIncidents.Diagnose(calibration, LabelledIncidents.WithoutSignatures(meaning.Knowledge), ConfidenceParameters.Fitted, meaning.Matcher);
        var fitted = LogisticFit.Fit(asWritten, meaningOnly);

        output.WriteLine($"fitted:  {fitted}");
        output.WriteLine($"shipped: {ConfidenceParameters.Fitted}");
        Assert.Equal(fitted, ConfidenceParameters.Fitted);
    }

    [Theory]
    [InlineData(LabelledIncidents.CalibrationHalf, true)]
    [InlineData(LabelledIncidents.HeldOutHalf, true)]
    [InlineData(LabelledIncidents.HeldOutSecond, true)]
    [InlineData(LabelledIncidents.HeldOutThird, true)]
    [InlineData(LabelledIncidents.HeldOutFourth, true)]
    [InlineData(LabelledIncidents.ParaphrasedSet, true)]
    [InlineData(LabelledIncidents.ParaphrasedSet, false)]
    [InlineData(LabelledIncidents.ParaphrasedP1, true)]
    [InlineData(LabelledIncidents.ParaphrasedP2, true)]
    public void No_set_gets_a_confident_wrong_first_suggestion_and_every_unknown_cause_is_answered_honestly(string set, bool withMeaning)
    {
        var diagnosed = Diagnose(set, withMeaning);
        var report = CalibrationReport.Of(withMeaning ? set : $"{set}, signatures only", diagnosed);

        Print(diagnosed, report);
        Assert.Equal(0, report.ConfidentWrong);
        Assert.Equal(report.Unknown, report.HonestUnknowns);
    }

    /// <summary>
    /// The fourth blind set after the kind fixes its first run led to (docs/benchmarks.md): every known cause first. Its
    /// last confident unknown (a result window too large, read by meaning as shards missing from the shell command that
    /// asked for the cluster's health) is answered honestly since commands and fields reporting a healthy value are not
    /// read for meaning; the theory above holds that.
    /// </summary>
    [Fact]
    public void The_fourth_blind_set_keeps_every_known_cause_first()
    {
        var diagnosed = Diagnose(LabelledIncidents.HeldOutFourth, withMeaning: true);
        var report = CalibrationReport.Of(LabelledIncidents.HeldOutFourth, diagnosed);

        Print(diagnosed, report);
        Assert.Equal(report.Known, report.Top1);
    }

    /// <summary>
    /// The fifth, sixth and seventh blind sets after the kind fixes their first runs led to (docs/benchmarks.md): every
    /// known cause first. Of the near misses written to carry a known cause's generic symptoms (no route to host, a
    /// deadline exceeded, a failing health check), those whose symptom many root causes produce are answered as leads
    /// since symptom classes (<see cref="ConfidenceModel.SymptomClassFrom"/>); three of the fifth set's twelve unknown
    /// causes, two of the sixth's ten and two of the seventh's twelve are still answered at 50 % or more, and the test
    /// holds that line until they are answered honestly.
    /// </summary>
    [Theory]
    [InlineData(LabelledIncidents.HeldOutFifth, 23, 3)]
    [InlineData(LabelledIncidents.HeldOutSixth, 22, 2)]
    [InlineData(LabelledIncidents.HeldOutSeventh, 20, 2)]
    public void The_fifth_to_seventh_blind_sets_keep_their_known_causes_first_and_no_more_confident_wrong_answers_than_now(string set, int top1, int confidentWrong)
    {
        var diagnosed = Diagnose(set, withMeaning: true);
        var report = CalibrationReport.Of(set, diagnosed);

        Print(diagnosed, report);
        Assert.True(report.Top1 >= top1, $"top-1 {report.Top1}/{report.Known}");
        Assert.True(report.ConfidentWrong <= confidentWrong, $"{report.ConfidentWrong} confident wrong first suggestions");
    }

    [Fact]
    public void The_held_out_half_keeps_its_top_one_and_top_three_accuracy()
    {
        var report = CalibrationReport.Of(LabelledIncidents.HeldOutHalf, Diagnose(LabelledIncidents.HeldOutHalf, withMeaning: true));

        Assert.True(report.Top1 >= HeldOutTop1Floor * report.Known, $"top-1 {report.Top1}/{report.Known} fell below {HeldOutTop1Floor:P0}");
        Assert.True(report.Top3 >= HeldOutTop3Floor * report.Known, $"top-3 {report.Top3}/{report.Known} fell below {HeldOutTop3Floor:P0}");
    }

    [Fact]
    public void Matching_by_meaning_finds_the_cause_of_paraphrased_incidents_that_signatures_alone_miss()
    {
        var signaturesOnly = CalibrationReport.Of(LabelledIncidents.ParaphrasedSet, Diagnose(LabelledIncidents.ParaphrasedSet, withMeaning: false));
        var withMeaning = CalibrationReport.Of(LabelledIncidents.ParaphrasedSet, Diagnose(LabelledIncidents.ParaphrasedSet, withMeaning: true));

        output.WriteLine($"signatures only: top-3 {signaturesOnly.Top3}/{signaturesOnly.Known}; with meaning: top-3 {withMeaning.Top3}/{withMeaning.Known}");
        Assert.True(withMeaning.Top3 >= ParaphrasedTop3Floor * withMeaning.Known, $"top-3 {withMeaning.Top3}/{withMeaning.Known} fell below {ParaphrasedTop3Floor:P0}");
        Assert.True(withMeaning.Top3 > signaturesOnly.Top3);
    }

    private IReadOnlyList<Diagnosed> Diagnose(string set, bool withMeaning) =>
        LabelledIncidents.Diagnose(LabelledIncidents.Of(set), meaning.Knowledge, ConfidenceParameters.Fitted, withMeaning ? meaning.Matcher : null);

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
