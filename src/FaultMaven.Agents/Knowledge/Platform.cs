using System.Text.RegularExpressions;

namespace FaultMaven.Agents.Knowledge;

/// <summary>A technology whose commands the knowledge base offers, recognised in logs by its own fingerprints.</summary>
public sealed record Platform(string Id, string Title, IReadOnlyList<Regex> Fingerprints, SourceLocation Location);
