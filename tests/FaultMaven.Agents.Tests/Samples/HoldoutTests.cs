using System.Globalization;
using Xunit.Abstractions;

namespace FaultMaven.Agents.Tests.Samples;

/// <summary>
/// Samples written after the signatures were frozen, in other wording and stacks. They are measured, not tuned
/// against: the floor only guards against regressions, the accuracy is reported in docs/agents.md.
/// </summary>
public sealed class HoldoutTests(ITestOutputHelper output)
{
    private const double AccuracyFloor = 0.8;

    [Fact]
    public async Task Held_out_samples_keep_their_top_three_accuracy()
    {
        var hits = 0;
        var samples = SampleLogs.Under(SampleLogs.HoldoutFolder).ToList();
        foreach (var (rootCause, path) in samples)
        {
            var ranked = await SampleLogs.RankedRootCausesAsync(path);
            var hit = ranked.Take(SampleLogs.TopN).Contains(rootCause);
            hits += hit ? 1 : 0;
            output.WriteLine($"{(hit ? "hit " : "MISS")} {path}: {string.Join(", ", ranked)}");
        }

        var accuracy = (double)hits / samples.Count;
        output.WriteLine($"top-{SampleLogs.TopN} accuracy {hits}/{samples.Count} = {accuracy.ToString("P1", CultureInfo.InvariantCulture)}");
        Assert.True(accuracy >= AccuracyFloor, $"held-out top-{SampleLogs.TopN} accuracy {accuracy:P1} fell below {AccuracyFloor:P0}");
    }
}
