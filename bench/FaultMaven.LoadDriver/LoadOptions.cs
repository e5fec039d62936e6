using System.Globalization;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.LoadDriver;

/// <summary>What one load run pushes and how; parsed from the command line.</summary>
/// <param name="File">Lines to push, cycled when shorter than <paramref name="Lines"/>; null pushes the built-in synthetic mix.</param>
/// <param name="Lines">How many non-blank lines to push.</param>
/// <param name="Rate">Lines per second to pace the push at; null pushes as fast as the broker acknowledges.</param>
/// <param name="Sources">How many sources (record keys) the chunks are spread over, round-robin.</param>
/// <param name="Partitions">Partitions of every pipeline topic on the dev broker.</param>
/// <param name="Keep">Keep the system running after the report until Ctrl-C, and keep the temporary folder.</param>
/// <param name="Append">A markdown file to append the report to (e.g. docs/benchmarks.md); the report is printed either way.</param>
/// <param name="DrainTimeout">How long to wait, after the last acknowledgement, for the pipeline to store everything.</param>
/// <param name="KillWorker">How many times to SIGKILL the worker at random points of the load (and start it again): the fault run of issue 16.</param>
public sealed record LoadOptions(
    string? File,
    int Lines,
    double? Rate,
    int Sources,
    int Partitions,
    bool Keep,
    string? Append,
    TimeSpan DrainTimeout,
    int ChunkBytes,
    int KillWorker = 0)
{
    public const string Usage = """
        usage: faultmaven-loaddriver [--file PATH] [--lines N] [--rate LINES_PER_S|unlimited] [--sources K]
                                     [--partitions P] [--chunk-bytes B] [--drain-timeout SECONDS] [--kill-worker N]
                                     [--append FILE] [--keep]
          --file PATH          lines to push (cycled if the file is shorter); default: a generated mix of formats
          --lines N            lines to push (default 200000)
          --rate R|unlimited   lines per second, or as fast as the broker acknowledges (default unlimited)
          --sources K          sources the chunks are spread over, round-robin (default 1)
          --partitions P       partitions per pipeline topic on the dev broker (default 8)
          --chunk-bytes B      bytes per logs.raw record, cut at line ends (default 65536, as fm push)
          --drain-timeout S    wait at most S seconds after the push for everything to be stored (default 300)
          --kill-worker N      SIGKILL the worker N times at random points of the load, starting it again each time
          --append FILE        also append the markdown report to FILE (e.g. docs/benchmarks.md)
          --keep               after the report keep everything running until Ctrl-C, and keep the temporary folder
        Exit code: 0 when lines in = rows + merged lines + collapsed repeats + dead letters + filtered, 1 when not, 2 on a usage or start-up error, 130 when interrupted.
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions(null, 200_000, null, 1, 8, false, null, TimeSpan.FromSeconds(300), LineChunker.DefaultChunkBytes);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--file" => options with { File = Value() },
                "--lines" => options with { Lines = Positive(name, Value()) },
                "--rate" => options with { Rate = Value() is "unlimited" ? null : Positive(name, args[i]) },
                "--sources" => options with { Sources = Positive(name, Value()) },
                "--partitions" => options with { Partitions = Positive(name, Value()) },
                "--chunk-bytes" => options with { ChunkBytes = Positive(name, Value()) },
                "--drain-timeout" => options with { DrainTimeout = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--kill-worker" => options with { KillWorker = Positive(name, Value()) },
                "--append" => options with { Append = Value() },
                "--keep" => options with { Keep = true },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        if (options.File is { } file && !System.IO.File.Exists(file))
        {
            throw new ArgumentException($"--file {file} does not exist");
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number (was '{value}')");
}
