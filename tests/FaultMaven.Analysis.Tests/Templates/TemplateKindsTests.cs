using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Templates;
using Xunit.Abstractions;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>
/// Small logs written for FaultMaven, one kind of constant-or-variable decision each (tests/data/template-kinds, every
/// line labelled with the template an engineer would write): they were never tuned against Loghub, so they check the
/// kinds the cross-validation split cannot show.
/// </summary>
public sealed class TemplateKindsTests(ITestOutputHelper output)
{
    private static readonly HeaderFormat NoHeader = HeaderFormat.Parse("<Content>");

    [Theory]
    [InlineData("http-methods")]
    [InlineData("lifecycle-states")]
    [InlineData("daemon-names")]
    [InlineData("named-fields")]
    [InlineData("one-word-messages")]
    [InlineData("host-names")]
    [InlineData("spanned-values")]
    [InlineData("multi-word-enclosed-values")]
    [InlineData("quoted-field-values")]
    [InlineData("interface-names")]
    [InlineData("sizes")]
    [InlineData("enclosed-words")]
    [InlineData("recurring-field-values")]
    public void Every_line_of_a_labelled_kind_gets_the_template_an_engineer_would_write(string kind)
    {
        var labelled = File.ReadAllLines(TestData.Path("template-kinds", $"{kind}.tsv"))
            .Where(row => !row.StartsWith('#'))
            .Select(row => row.Split('\t'))
            .ToList();

        var mined = LogMining.Mine([.. labelled.Select(row => row[1])], NoHeader);
        var predicted = Enumerable.Range(0, mined.LineCount).Select(i => mined.TemplateOfLine(i).Text).ToList();
        var score = ParsingScore.Of([.. labelled.Select(row => row[0])], predicted);

        output.WriteLine($"{kind}: {labelled.Count} lines, GA {score.GroupingAccuracy:F3} PA {score.ParsingAccuracy:F3}");
        foreach (var (row, template) in labelled.Zip(predicted).Where(pair => pair.First[0] != pair.Second).DistinctBy(pair => pair.First[0]))
        {
            output.WriteLine($"  expected {row[0]}\n  mined    {template}\n  line     {row[1]}");
        }

        Assert.Equal(1.0, score.GroupingAccuracy);
        Assert.Equal(1.0, score.ParsingAccuracy);
    }
}
