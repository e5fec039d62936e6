using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Tests.Templates;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>
/// The hand-written header scanner against the regular expression it replaces, on the real lines of tests/data: every
/// line of each Loghub-2k dataset with that dataset's published layout, odd variants of those lines (a delimiter
/// dropped, a bracket added, the line cut short, spaces doubled; every fourth line) and lines of the other datasets, which have another
/// header. <c>fm templates --format</c> output depends only on these ranges, so equal ranges keep it byte-identical.
/// </summary>
public sealed class LoghubLayoutScannerTests
{
    /// <summary>The header layouts of the Loghub benchmark (logpai/logparser) for the datasets in tests/data.</summary>
    public static readonly TheoryData<string, string> Layouts = new()
    {
        { "HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>" },
        { "Spark", "<Date> <Time> <Level> <Component>: <Content>" },
        { "Thunderbird", @"<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\[<PID>\])?: <Content>" },
        { "Android", "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>" },
        { "HealthApp", @"<Time>\|<Component>\|<Pid>\|<Content>" },
        { "Proxifier", @"\[<Time>\] <Program> - <Content>" },
        { "OpenSSH", @"<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>" },
        { "Mac", @"<Month>  <Date> <Time> <User> <Storage>\[<PID>\]: <Content>" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_scanner_finds_the_fields_the_regular_expression_finds_on_every_line_of_a_loghub_dataset(string dataset, string layout)
    {
        var format = HeaderFormat.Parse(layout);
        Assert.True(format.HasScanner, $"{layout} falls back to the regular expression");
        var own = Loghub.RawLines(dataset);
        var odd = own.Where((_, i) => i % 4 == 0).SelectMany(OddVariants);
        var others = Loghub.Datasets.Where(name => name != dataset).SelectMany(name => Loghub.RawLines(name).Where((_, i) => i % 10 == 0));

        var genuineMatched = 0;
        var disagreements = new List<string>();
        foreach (var (line, index) in own.Concat(odd).Concat(others).Select((line, index) => (line, index)))
        {
            var byScanner = new Range[format.Fields.Count];
            var byRegex = new Range[format.Fields.Count];
            var trimmed = line.Trim();
            var scanned = format.TryMatch(line, byScanner);
            var regexMatched = format.TryMatchRegex(trimmed, byRegex);
            if (scanned != regexMatched || (scanned && !byScanner.Select(r => line[r]).SequenceEqual(byRegex.Select(r => trimmed[r]))))
            {
                disagreements.Add($"scanner {scanned}, regex {regexMatched}: {line}");
            }

            genuineMatched += scanned && index < own.Length ? 1 : 0;
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} lines differ, e.g.\n{string.Join('\n', disagreements.Take(5))}");
        // Nearly every genuine line has the header, so the agreement is on real matches, not on failures (Mac has 54
        // lines the published layout misses, which the scanner and the expression both reject).
        Assert.True(genuineMatched >= own.Length * 0.97, $"only {genuineMatched} of {own.Length} {dataset} lines matched {layout}");
    }

    /// <summary>
    /// A layout the scanner matches builds its regular expression only when asked for (as the tests here do, through
    /// TryMatchRegex): building a non-backtracking expression took about 7 % of the CPU of a short <c>fm templates</c> run,
    /// and every command and service parses layouts as it starts. A layout the scanner cannot match builds it at once, so
    /// an invalid pattern still fails when it is parsed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_layout_the_scanner_matches_builds_its_regular_expression_only_when_asked_for(string dataset, string layout)
    {
        var format = HeaderFormat.Parse(layout);
        var line = Loghub.RawLines(dataset).First(line => format.TryGetContent(line, out _));

        Assert.False(format.HasBuiltExpression);
        Assert.True(format.TryMatchRegex(line.Trim(), new Range[format.Fields.Count]));
        Assert.True(format.HasBuiltExpression);
        Assert.True(HeaderFormat.Parse(@"<Date> [A-Z]+ <Content>").HasBuiltExpression);
        Assert.Throws<FormatException>(() => HeaderFormat.Parse("<Date> (<Content>"));
    }

    /// <summary>
    /// A source of mixed formats reads every line with the one layout it learned, so the scanner meets mostly lines of
    /// other layouts, which it rejects by their skeleton before its search: with every catalog layout, on every line of
    /// every dataset, it agrees with the regular expression.
    /// </summary>
    [Fact]
    public void The_scanner_agrees_with_the_regular_expression_for_every_catalog_layout_on_every_loghub_line()
    {
        var lines = Loghub.Datasets.SelectMany(Loghub.RawLines).ToList();
        var disagreements = new List<string>();
        var matched = 0;
        foreach (var format in HeaderCatalog.Common.Where(format => format.HasScanner))
        {
            var byScanner = new Range[format.Fields.Count];
            var byRegex = new Range[format.Fields.Count];
            foreach (var line in lines)
            {
                var trimmed = line.Trim();
                var scanned = format.TryMatch(line, byScanner);
                var regexMatched = format.TryMatchRegex(trimmed, byRegex);
                if (scanned != regexMatched || (scanned && !byScanner.Select(r => line[r]).SequenceEqual(byRegex.Select(r => trimmed[r]))))
                {
                    disagreements.Add($"{format.Layout}: scanner {scanned}, regex {regexMatched}: {line}");
                }

                matched += scanned ? 1 : 0;
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} lines differ, e.g.\n{string.Join('\n', disagreements.Take(5))}");
        Assert.True(matched > lines.Count, $"only {matched} matches: the lines do not exercise the layouts");
    }

    private static IEnumerable<string> OddVariants(string line, int index)
    {
        var at = index % Math.Max(1, line.Length);
        yield return line.Remove(at, 1);
        yield return line.Insert(at, index % 2 == 0 ? "[" : "]");
        yield return line[..(line.Length / 2)];
        yield return line.Replace(" ", "  ", StringComparison.Ordinal);
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        yield return colon < 0 ? line + ":" : line.Remove(colon, 1);
    }
}
