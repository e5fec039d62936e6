using System.IO.Compression;

namespace FaultMaven.Analysis.Tests;

/// <summary>
/// The evaluation data kept in the repository under <c>tests/data</c> (sources and licences in its README), which the
/// project file copies beside the test assembly: the tests read nothing from outside the repository.
/// </summary>
public static class TestData
{
    /// <summary>The path of a file under <c>tests/data</c>, e.g. <c>Path("loghub-2k", "HDFS", "HDFS_2k.log")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    /// <summary>The lines of a gzip-compressed file under <c>tests/data</c> (large files are kept compressed).</summary>
    public static string[] ReadGzipLines(params string[] parts)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Path(parts)), CompressionMode.Decompress));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }
}
