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

    [Fact]
    public void Every_root_cause_of_the_knowledge_base_has_samples_from_two_stacks()
    {
        var knowledge = FaultMaven.Agents.Knowledge.KnowledgeBaseLoader.LoadBuiltIn();
        var stacksPerRootCause = Samples().Select(row => (string)row[0]).GroupBy(id => id).ToDictionary(group => group.Key, group => group.Count());

        Assert.All(knowledge.RootCauses, rootCause => Assert.True(stacksPerRootCause.GetValueOrDefault(rootCause.Id) >= 2, $"{rootCause.Id} has fewer than two samples"));
    }
}
