using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Templates;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>The Loghub-2k datasets in tests/data, mined the way <c>fm templates</c> mines a file without <c>--format</c>.</summary>
public static class Loghub
{
    public static readonly string[] Datasets = ["HDFS", "Spark", "Thunderbird", "Android", "HealthApp", "Proxifier", "OpenSSH", "Mac"];

    private static readonly Dictionary<string, Lazy<LoghubResult>> Results =
        Datasets.ToDictionary(name => name, name => new Lazy<LoghubResult>(() => Mine(name)));

    public static LoghubResult Result(string dataset) => Results[dataset].Value;

    public static string[] RawLines(string dataset) => File.ReadAllLines(TestData.Path("loghub-2k", dataset, $"{dataset}_2k.log"));

    public static List<Dictionary<string, string>> Truth(string dataset) =>
        Rfc4180.ReadRecords(File.ReadAllText(TestData.Path("loghub-2k", dataset, $"{dataset}_2k.log_structured.csv")));

    /// <summary>The scores of <paramref name="lines"/> (the dataset's) mined with <paramref name="header"/>, against the dataset's ground truth.</summary>
    public static ParsingScore Score(string dataset, string[] lines, HeaderFormat header)
    {
        var mined = LogMining.Mine(lines, header);
        var predicted = Enumerable.Range(0, mined.LineCount).Select(i => mined.TemplateOfLine(i).Text).ToList();
        return ParsingScore.Of([.. Truth(dataset).Select(row => row["EventTemplate"])], predicted);
    }

    /// <summary>The share of the dataset's lines whose content by <paramref name="header"/> is the ground truth's <c>Content</c>.</summary>
    public static double ContentShare(string dataset, string[] lines, HeaderFormat header)
    {
        var truth = Truth(dataset);
        return (double)truth.Count(row => (header.ContentOf(lines[int.Parse(row["LineId"], System.Globalization.CultureInfo.InvariantCulture) - 1]) ?? "") == row["Content"]) / truth.Count;
    }

    private static LoghubResult Mine(string dataset)
    {
        var lines = RawLines(dataset);
        var header = HeaderDetector.Detect([.. lines.Take(LogMining.DetectionSampleSize)]).Format;
        return new LoghubResult(header, Score(dataset, lines, header));
    }
}

public sealed record LoghubResult(HeaderFormat Header, ParsingScore Score);
