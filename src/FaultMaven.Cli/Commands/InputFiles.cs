namespace FaultMaven.Cli.Commands;

/// <summary>The log files named on a command line (fm analyze, templates, detect, push), checked and worded one way.</summary>
internal static class InputFiles
{
    /// <summary>
    /// Null when <paramref name="path"/> is a file; else why it cannot be read, naming it: a folder is said to be one
    /// (with how to name the files in it), not reported as missing.
    /// </summary>
    public static string? Problem(string path) =>
        File.Exists(path) ? null
        : Directory.Exists(path) ? $"{path} is a directory, not a file: name the log files in it, e.g. {Path.Combine(path, "*.log")}"
        : $"input file not found: {path}";
}
