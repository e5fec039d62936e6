using FaultMaven.Contracts;
using Spectre.Console;

namespace FaultMaven.Cli.Stored;

/// <summary>A severity as the tables print it: its lowercase name, red from error up, yellow for warn.</summary>
public static class Severities
{
    /// <summary>The longest name (<c>unknown</c>): a level column this wide shows every level whole, never as <c>unkn…</c>.</summary>
    public static readonly int Width = Enum.GetValues<Severity>().Max(severity => SeverityNames.Of(severity).Length);

    public static (string Text, Style Style) Cell(Severity severity) => (SeverityNames.Of(severity), severity switch
    {
        >= Severity.Error => new Style(Color.Red),
        Severity.Warn => new Style(Color.Yellow),
        _ => Style.Plain,
    });
}
