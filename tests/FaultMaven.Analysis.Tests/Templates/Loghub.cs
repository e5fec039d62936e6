using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Templates;
using Xunit.Abstractions;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>
/// Labelled 2,000-line logs in a folder of tests/data laid out as Loghub-2k is (<c>D/D_2k.log</c> and
/// <c>D/D_2k.log_structured.csv</c>), mined the way <c>fm templates</c> mines a file without <c>--format</c>.
/// </summary>
public sealed class LabelledLogs
{
    private readonly string folder;
    private readonly Dictionary<string, Lazy<LoghubResult>> results;

    public LabelledLogs(string folder, string[] datasets)
    {
        this.folder = folder;
        Datasets = datasets;
        results = datasets.ToDictionary(name => name, name => new Lazy<LoghubResult>(() => Mine(name)));
    }

    public string[] Datasets { get; }

    public LoghubResult Result(string dataset) => results[dataset].Value;

    public string[] RawLines(string dataset) => File.ReadAllLines(TestData.Path(folder, dataset, $"{dataset}_2k.log"));

    public List<Dictionary<string, string>> Truth(string dataset) =>
        Rfc4180.ReadRecords(File.ReadAllText(TestData.Path(folder, dataset, $"{dataset}_2k.log_structured.csv")));

    /// <summary>The scores of <paramref name="lines"/> (the dataset's) mined with <paramref name="header"/>, against the dataset's ground truth.</summary>
    public ParsingScore Score(string dataset, string[] lines, HeaderFormat header)
    {
        var mined = LogMining.Mine(lines, header);
        var predicted = Enumerable.Range(0, mined.LineCount).Select(i => mined.TemplateOfLine(i).Text).ToList();
        return ParsingScore.Of([.. Truth(dataset).Select(row => row["EventTemplate"])], predicted);
    }

    /// <summary>The share of the dataset's lines whose content by <paramref name="header"/> is the ground truth's <c>Content</c>.</summary>
    public double ContentShare(string dataset, string[] lines, HeaderFormat header)
    {
        var truth = Truth(dataset);
        return (double)truth.Count(row => (header.ContentOf(lines[int.Parse(row["LineId"], System.Globalization.CultureInfo.InvariantCulture) - 1]) ?? "") == row["Content"]) / truth.Count;
    }

    /// <summary>
    /// Asserts that the datasets' average GA and PA reach the floors, after writing each dataset's scores and the
    /// averages to <paramref name="output"/> under <paramref name="part"/>.
    /// </summary>
    public void AssertAverageAtLeast(string part, IEnumerable<string> datasets, double groupingFloor, double parsingFloor, ITestOutputHelper output)
    {
        var scores = datasets.Select(dataset => (dataset, Result(dataset))).ToList();
        foreach (var (dataset, result) in scores)
        {
            output.WriteLine($"{part} {dataset}: GA {result.Score.GroupingAccuracy:F3} PA {result.Score.ParsingAccuracy:F3} (header {result.Header.Layout})");
        }

        var grouping = scores.Average(entry => entry.Item2.Score.GroupingAccuracy);
        var parsing = scores.Average(entry => entry.Item2.Score.ParsingAccuracy);
        output.WriteLine($"{part}: GA {grouping:F3} PA {parsing:F3}");

        Assert.True(grouping >= groupingFloor, $"{part} GA {grouping:F3}");
        Assert.True(parsing >= parsingFloor, $"{part} PA {parsing:F3}");
    }

    private LoghubResult Mine(string dataset)
    {
        var lines = RawLines(dataset);
        var header = HeaderDetector.Detect([.. lines.Take(LogMining.DetectionSampleSize)]).Format;
        return new LoghubResult(header, Score(dataset, lines, header));
    }
}

/// <summary>The Loghub-2k datasets in tests/data.</summary>
public static class Loghub
{
    public static readonly LabelledLogs Sets = new("loghub-2k", ["HDFS", "Spark", "Thunderbird", "Android", "HealthApp", "Proxifier", "OpenSSH", "Mac"]);

    public static string[] Datasets => Sets.Datasets;

    public static LoghubResult Result(string dataset) => Sets.Result(dataset);

    public static string[] RawLines(string dataset) => Sets.RawLines(dataset);

    public static List<Dictionary<string, string>> Truth(string dataset) => Sets.Truth(dataset);

    /// <inheritdoc cref="LabelledLogs.Score"/>
    public static ParsingScore Score(string dataset, string[] lines, HeaderFormat header) => Sets.Score(dataset, lines, header);

    /// <inheritdoc cref="LabelledLogs.ContentShare"/>
    public static double ContentShare(string dataset, string[] lines, HeaderFormat header) => Sets.ContentShare(dataset, lines, header);
}

public sealed record LoghubResult(HeaderFormat Header, ParsingScore Score);
