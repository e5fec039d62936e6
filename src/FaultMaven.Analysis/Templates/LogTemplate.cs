namespace FaultMaven.Analysis.Templates;

/// <summary>A mined template: its stable id, its text with <see cref="Wildcard.Marker"/> for each variable, and how many lines it has matched.</summary>
public sealed record LogTemplate(int Id, string Text, long Count);

/// <summary>The template a line was assigned to when it was added, and whether the line created it.</summary>
public readonly record struct MinedLine(int TemplateId, bool IsNewTemplate);
