namespace FaultMaven.Testing.Processes;

/// <summary>Runs the built <c>fm</c> (<c>fm admin ...</c>, <c>fm migrate</c>) against a database, as an operator would.</summary>
public static class FmAdmin
{
    public static Task<string> Run(string postgresConnectionString, params string[] arguments) => RunFm(postgresConnectionString, ["admin", .. arguments]);

    /// <summary><c>fm migrate</c> as the tables' owner: the identity store, FaultMaven's tables and the service roles' grants,
    /// which the services themselves no longer do.</summary>
    public static Task<string> Migrate(string ownerConnectionString) => RunFm(ownerConnectionString, ["migrate"]);

    private static async Task<string> RunFm(string postgresConnectionString, string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = postgresConnectionString };
        var result = await Task.Run(() => FmCommand.Run(environment, arguments));
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"fm {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}");
    }

    /// <summary>The secret or password that a create command prints once, on the line after its "(shown only now)" heading.</summary>
    public static string ShownOnce(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        return lines[Array.FindIndex(lines, l => l.EndsWith("(shown only now):", StringComparison.Ordinal)) + 1];
    }
}
