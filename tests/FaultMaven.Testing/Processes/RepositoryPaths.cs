namespace FaultMaven.Testing.Processes;

/// <summary>Where the repository and the build outputs are, seen from a test assembly.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests themselves were built with.</summary>
    public static string BuildConfiguration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name is var name && name is "Debug" or "Release" ? name : "Debug";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FaultMaven.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("FaultMaven.sln not found above " + AppContext.BaseDirectory);
    }
}
