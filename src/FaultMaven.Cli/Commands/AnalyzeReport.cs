using System.Globalization;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using Spectre.Console;

namespace FaultMaven.Cli.Commands;

/// <summary>
/// The human-readable form of <c>fm analyze</c>: a summary, the findings, then each suggestion with its evidence, steps
/// and commands. Text from the logs (and from the knowledge base, which quotes them) is shown with its control
/// characters escaped (<see cref="ControlCharacters"/>).
/// </summary>
internal static class AnalyzeReport
{
    private const int MaxFindings = 10;
    private const int EvidenceShown = 3;

    public static void Write(AgentResponse answer, IAnsiConsole console)
    {
        console.MarkupLineInterpolated($"[bold]{answer.EventCount:N0}[/] events, [bold]{answer.Findings.Count}[/] findings, [bold]{answer.Suggestions.Count}[/] suggestions, {answer.UnreadLines} unreadable lines");
        WriteFindings(answer, console);
        console.MarkupLineInterpolated($"[bold]{Shown(answer.Diagnosis)}[/]");
        for (var rank = 0; rank < answer.Suggestions.Count; rank++)
        {
            WriteSuggestion(rank + 1, answer.Suggestions[rank], console);
        }
    }

    private static void WriteFindings(AgentResponse answer, IAnsiConsole console)
    {
        if (answer.Findings.Count == 0)
        {
            return;
        }

        var table = new Table().Title("Findings").AddColumns("kind", "severity", "source", "title");
        foreach (var finding in answer.Findings.OrderByDescending(finding => finding.Severity).Take(MaxFindings))
        {
            table.AddRow(Markup.Escape(Shown(finding.Kind)), finding.Severity.ToString(), Markup.Escape(Shown(finding.Source)), Markup.Escape(Shown(finding.Title)));
        }

        console.Write(table);
        if (answer.Findings.Count > MaxFindings)
        {
            console.MarkupLineInterpolated($"[grey]and {answer.Findings.Count - MaxFindings} more findings, less severe: fm analyze --json lists every one[/]");
        }
    }

    private static void WriteSuggestion(int rank, Hypothesis suggestion, IAnsiConsole console)
    {
        console.WriteLine();
        // Confidence first: a rule longer than the terminal is cut at its end.
        console.Write(new Rule($"[bold]#{rank} ({suggestion.Confidence.ToString("P0", CultureInfo.InvariantCulture)}) {Markup.Escape(Shown(suggestion.RootCause))}[/] - {Markup.Escape(Shown(suggestion.Title))}").LeftJustified());
        console.MarkupLineInterpolated($"[grey]{suggestion.EvidenceCount} matching lines, {suggestion.FirstSeen:u} to {suggestion.LastSeen:u}; stacks: {Shown(string.Join(", ", suggestion.Stacks))}[/]");
        foreach (var line in suggestion.Evidence.Take(EvidenceShown))
        {
            console.MarkupLineInterpolated($"  [yellow]{Shown(line.Raw.ToString())}[/] {Shown(line.Message)}");
        }

        console.MarkupLine("[bold]Next steps[/]");
        for (var step = 0; step < suggestion.Steps.Count; step++)
        {
            console.MarkupLineInterpolated($"  {step + 1}. {Shown(suggestion.Steps[step])}");
        }

        if (suggestion.Commands.Count == 0)
        {
            return;
        }

        // Each command whole on a line of its own, past the console's width if it must be (the terminal folds it, and
        // copies it as one line); in a table column, or wrapped, a command came out broken inside words.
        console.MarkupLine("[bold]Commands[/] (platform: what it shows)");
        foreach (var command in suggestion.Commands)
        {
            console.Profile.Out.Writer.WriteLine($"  $ {Shown(command.Run)}");
            console.MarkupLineInterpolated($"    [grey]{Shown(command.Platform)}: {Shown(command.Why)}[/]");
        }
    }

    private static string Shown(string text) => ControlCharacters.Escape(text);
}
