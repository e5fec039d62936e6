using System.Reflection.PortableExecutable;

namespace FaultMaven.Cli.Tests;

/// <summary>
/// The build of <c>fm</c> that scripts/fm and scripts/run.sh run (src/FaultMaven.Cli/bin) holds ReadyToRun code for the
/// assemblies every command starts in and <c>fm templates</c> spends its time in, so a command does not JIT them from
/// unoptimized code first (FaultMaven.Cli.csproj, FmReadyToRun; docs/benchmarks.md#fm-templates-whole-process).
/// </summary>
public sealed class ReadyToRunBuildTests
{
    [Theory]
    [InlineData("fm")]
    [InlineData("FaultMaven.Analysis")]
    [InlineData("Spectre.Console")]
    [InlineData("Spectre.Console.Ansi")]
    [InlineData("Spectre.Console.Cli")]
    public void The_cli_build_holds_precompiled_code_for(string assembly)
    {
        var path = Path.Combine(CliBuildFolder(), assembly + ".dll");

        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);

        // crossgen2 writes its READYTORUN header where the CLI header's managed native header points; IL alone has none.
        Assert.True(reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{path} is IL only, not a ReadyToRun image");
    }

    [Fact]
    public void Other_assemblies_of_the_cli_build_stay_as_they_were_built()
    {
        var path = Path.Combine(CliBuildFolder(), "FaultMaven.Storage.dll");

        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);

        Assert.Equal(0, reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size);
    }

    /// <summary>src/FaultMaven.Cli/bin/CONFIGURATION/TFM, for this test build's configuration and target framework.</summary>
    private static string CliBuildFolder()
    {
        // This test runs from tests/FaultMaven.Cli.Tests/bin/CONFIGURATION/TFM/.
        var testBuild = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBuild.Parent!.Name;
        var root = testBuild;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "FaultMaven.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return Path.Combine(root.FullName, "src", "FaultMaven.Cli", "bin", configuration, testBuild.Name);
    }
}
