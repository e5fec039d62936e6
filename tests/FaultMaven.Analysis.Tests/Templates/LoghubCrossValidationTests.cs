using Xunit.Abstractions;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>
/// Parsing accuracy by half of the Loghub-2k sets, alphabetical split fixed in docs/benchmarks.md: rules are tuned
/// on one half and judged on the other, so a rule that only fits its own half shows up as a gap between them.
/// </summary>
public sealed class LoghubCrossValidationTests(ITestOutputHelper output)
{
    /// <summary>The first four names in alphabetical order, then the last four.</summary>
    public static readonly string[] HalfA = ["Android", "HDFS", "HealthApp", "Mac"];

    public static readonly string[] HalfB = ["OpenSSH", "Proxifier", "Spark", "Thunderbird"];

    // Just below the figures in docs/benchmarks.md ("Cross-validated accuracy"), so that a regression on either half fails.
    [Theory]
    [InlineData("A", 0.981, 0.812)]
    [InlineData("B", 0.99, 0.975)]
    public void Each_half_keeps_its_cross_validated_accuracy(string half, double groupingFloor, double parsingFloor)
    {
        Loghub.Sets.AssertAverageAtLeast($"half {half}", half == "A" ? HalfA : HalfB, groupingFloor, parsingFloor, output);
    }

    [Fact]
    public void The_halves_cover_every_dataset_once()
    {
        Assert.Equal(Loghub.Datasets.Order(), HalfA.Concat(HalfB).Order());
    }
}
