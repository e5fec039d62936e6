using FaultMaven.Pipeline.Ingestion;
using Spectre.Console;

namespace FaultMaven.Cli.Push;

/// <summary>
/// What <c>fm push</c> shows while the receiver holds it back: the progress line says it is waiting, a line on
/// standard error says why (at most every few seconds), and the final summary says how long it waited in all.
/// </summary>
public sealed class PushPacing(IAnsiConsole console, TimeProvider clock)
{
    private static readonly TimeSpan AnnounceEvery = TimeSpan.FromSeconds(5);
    private DateTimeOffset? waitingSince;
    private DateTimeOffset lastAnnounced = DateTimeOffset.MinValue;
    private TimeSpan waited;

    /// <summary>Appended to the final line: how long the push waited for the pipeline, or nothing when it never did.</summary>
    public string Summary => waited > TimeSpan.Zero ? $" (waited {waited.TotalSeconds:F1} s in all for the pipeline to catch up)" : "";

    /// <summary>The progress label while waiting; announces the reason when this is a new wait or the last announcement is old.</summary>
    public string Waiting(string label, string reason)
    {
        var now = clock.GetUtcNow();
        waitingSince ??= now;
        var forBroker = reason.StartsWith(Admission.UnreachableBroker, StringComparison.Ordinal);
        if (now - lastAnnounced >= AnnounceEvery)
        {
            console.WriteLine(forBroker ? $"{reason}; waiting for it" : $"waiting for the pipeline to catch up: {reason}");
            lastAnnounced = now;
        }

        return forBroker ? $"{label} [yellow](waiting for the broker)[/]" : $"{label} [yellow](waiting for the pipeline)[/]";
    }

    /// <summary>The progress label once a batch went through; ends the current wait.</summary>
    public string Resumed(string label)
    {
        if (waitingSince is { } since)
        {
            waited += clock.GetUtcNow() - since;
            waitingSince = null;
        }

        return label;
    }
}
