using System.Text.RegularExpressions;

namespace FaultMaven.Agents.Knowledge;

/// <summary>Runs a knowledge regex under its <see cref="KnowledgeFileParser.MatchTimeout"/>.</summary>
public static class BoundedMatch
{
    /// <summary>
    /// Whether <paramref name="pattern"/> (no pattern: always) matches <paramref name="text"/> (null: never). A match
    /// that runs out of time counts as no match rather than failing the analysis. One timeout is retried once: the
    /// first match of a compiled pattern also pays for compiling it, which on a loaded host can take longer than the
    /// bound (measured ~150 ms), and a genuine catastrophic match times out again.
    /// </summary>
    public static bool IsMatch(Regex? pattern, string? text)
    {
        if (pattern is null)
        {
            return true;
        }

        if (text is null)
        {
            return false;
        }

        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            try
            {
                return pattern.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }
    }
}
