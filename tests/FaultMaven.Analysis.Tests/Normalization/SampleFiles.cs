using System.Runtime.CompilerServices;

namespace FaultMaven.Analysis.Tests.Normalization;

/// <summary>The sample corpus, read from the source tree next to this file, so it needs no copy step in the project file.</summary>
internal static class SampleFiles
{
    public static string Folder { get; } = Locate();

    public static string PathOf(string fileName) => Path.Combine(Folder, fileName);

    private static string Locate([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Samples");
}
