namespace FaultMaven.Testing.Processes;

/// <summary>Runs the built <c>fm admin ...</c> against a database, as an operator would.</summary>
public static class FmAdmin
{
    public static async Task<string> Run(string postgresConnectionString, params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = postgresConnectionString };
        var result = await Task.Run(() => FmCommand.Run(environment, ["admin", .. arguments]));
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"fm admin {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}");
    }

    /// <summary>The secret or password that a create command prints once, on the line after its "(shown only now)" heading.</summary>
    public static string ShownOnce(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        return lines[Array.FindIndex(lines, l => l.EndsWith("(shown only now):", StringComparison.Ordinal)) + 1];
    }
}
