using FaultMaven.Analysis.Templates;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>Counting a template's segments, which rules out templates before they are split, counts what splitting makes.</summary>
public sealed class VariableRunsTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("<*>", 1)]
    [InlineData("<*> <*>", 1)]
    [InlineData("delete <*> <*> <*> done", 3)]
    [InlineData("a <*> <*> b <*>", 4)]
    [InlineData("<*> a <*>", 3)]
    public void Counting_the_segments_gives_as_many_as_splitting(string template, int expected)
    {
        string[] tokens = template.Length == 0 ? [] : template.Split(' ');

        Assert.Equal((expected, expected), (VariableRuns.CountSegments(tokens), VariableRuns.Split(tokens).Count));
    }
}
