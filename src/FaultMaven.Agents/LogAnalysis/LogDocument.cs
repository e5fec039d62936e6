namespace FaultMaven.Agents.LogAnalysis;

/// <summary>A submitted log: a name (file name, "stdin", "pasted") and its text in any format the normalizer reads.</summary>
public sealed record LogDocument(string Name, string Text);
