using Xunit.Abstractions;

namespace FaultMaven.Agents.Tests.Samples;

public sealed class SampleTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var (rootCause, path) in SampleLogs.Under(".").Where(sample => !sample.Path.StartsWith(SampleLogs.HoldoutFolder, StringComparison.Ordinal)))
        {
            data.Add(rootCause, path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task The_root_cause_of_each_sample_is_among_the_top_three_suggestions(string rootCause, string path)
    {
        var ranked = await SampleLogs.RankedRootCausesAsync(path);

        output.WriteLine($"{path}: {string.Join(", ", ranked)}");
        Assert.Contains(rootCause, ranked.Take(SampleLogs.TopN));
    }

    /// <summary>The first thirty root causes have whole sample incidents; every root cause, these included, has an
    /// example line per signature (<c>Knowledge/KnowledgeExampleTests</c>).</summary>
    [Theory]
    [MemberData(nameof(Knowledge.KnowledgeBaseLoaderTests.RequiredRootCauses), MemberType = typeof(Knowledge.KnowledgeBaseLoaderTests))]
    public void Each_of_the_first_thirty_root_causes_has_samples_from_two_stacks(string rootCause)
    {
        var samples = Samples().Count(row => (string)row[0] == rootCause);

        Assert.True(samples >= 2, $"{rootCause} has {samples} samples");
    }
}
