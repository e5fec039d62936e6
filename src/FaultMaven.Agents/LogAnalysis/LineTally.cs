using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Agents.LogAnalysis;

/// <summary>
/// Where every line of submitted logs went, so that none is lost unseen: <see cref="Read"/> = <see cref="InEvents"/> +
/// <see cref="Unread"/> + <see cref="Blank"/> + <see cref="TableHeaders"/>. Lines are those <see cref="LogText"/>
/// defines, the lines <c>fm templates</c> and <c>fm detect</c> count in the same bytes.
/// </summary>
/// <param name="Read">Every line read, blank ones included.</param>
/// <param name="InEvents">Lines in events; a stack trace's lines are one event.</param>
/// <param name="Unread">Lines that could not be normalized (dead letters).</param>
/// <param name="Blank">Lines of nothing but spaces, tabs, CR, FF and VT.</param>
/// <param name="TableHeaders">Header rows of CSV, <c>kubectl get events</c> or pasted tables.</param>
public sealed record LineTally(int Read, int InEvents, int Unread, int Blank, int TableHeaders)
{
    /// <summary>No lines: an analysis of events already normalized, or a request without logs.</summary>
    public static readonly LineTally None = new(0, 0, 0, 0, 0);

    /// <summary>The tally of a whole input's normalization, whose events hold <paramref name="inEvents"/> lines.</summary>
    public static LineTally Of(NormalizationResult normalized, int inEvents) =>
        new(normalized.Lines, inEvents, normalized.DeadLetters.Count, normalized.BlankLines, normalized.HeaderLines);
}
