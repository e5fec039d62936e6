namespace FaultMaven.Benchmarks;

/// <summary>The baseline the template benchmarks are measured against: the tokens of each line split on spaces.</summary>
internal static class SplitBaseline
{
    public static int CountTokens(string[] lines)
    {
        var tokens = 0;
        foreach (var line in lines)
        {
            tokens += line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        return tokens;
    }
}
