using System.Text.RegularExpressions;

namespace FaultMaven.Worker;

/// <summary>Configuration section <c>FaultMaven:Detection:Sessions</c>: how the worker retrains session models on the stored history.</summary>
public sealed class SessionModelTrainingOptions
{
    public const string Section = "FaultMaven:Detection:Sessions";

    // A session id pattern comes from configuration; bound its matching so a pathological one cannot stall retraining.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Regular expression of a session id (e.g. <c>req-[0-9a-f]+|blk_-?\d+</c>); empty turns session detection off.</summary>
    public string Pattern { get; set; } = "";

    public TimeSpan RetrainEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many of the newest templated events a model is trained on.</summary>
    public int HistoryLines { get; set; } = 50_000;

    /// <summary>Fewest sessions a source's history must hold for a model to be trained on it.</summary>
    public int MinSessions { get; set; } = 50;

    public bool IsEnabled => Pattern.Length > 0;

    public Regex SessionIdPattern() => new(Pattern, RegexOptions.CultureInvariant, MatchTimeout);

    public IEnumerable<string> Validate()
    {
        if (IsEnabled && PatternError() is { } error)
        {
            yield return $"{Section}:Pattern is not a valid regular expression: {error}";
        }

        if (RetrainEvery < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:RetrainEvery must be at least 1 second (was {RetrainEvery})";
        }

        if (HistoryLines is < 1 or > 10_000_000)
        {
            yield return $"{Section}:HistoryLines must be between 1 and 10000000 (was {HistoryLines})";
        }

        if (MinSessions < 2)
        {
            yield return $"{Section}:MinSessions must be at least 2 (was {MinSessions})";
        }
    }

    private string? PatternError()
    {
        try
        {
            SessionIdPattern();
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }
}
