namespace FaultMaven.Analysis.Tests;

/// <summary>Locates the shared evaluation data: <c>$FAULTMAVEN_SHARED</c>, else <c>shared/</c> beside the repository.</summary>
public static class SharedData
{
    public static string Root { get; } = Locate();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("FAULTMAVEN_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FaultMaven.sln")))
            {
                var beside = System.IO.Path.Combine(directory.Parent!.FullName, "shared");
                if (Directory.Exists(beside))
                {
                    return beside;
                }

                throw new DirectoryNotFoundException($"shared data not found at {beside}; set FAULTMAVEN_SHARED to its folder");
            }
        }

        throw new DirectoryNotFoundException("repository root (FaultMaven.sln) not found above " + AppContext.BaseDirectory);
    }
}
