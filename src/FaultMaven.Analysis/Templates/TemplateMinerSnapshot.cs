namespace FaultMaven.Analysis.Templates;

/// <summary>The whole state of a <see cref="TemplateMiner"/>, as plain data to persist and restore.</summary>
/// <param name="NextId">The id the next new template gets; ids are never reused.</param>
/// <param name="Clock">The count of lines added so far, which orders <see cref="TemplateState.LastSeen"/>.</param>
/// <param name="Aliases">Ids of templates merged into others, so that ids handed out earlier still resolve.</param>
public sealed record TemplateMinerSnapshot(int NextId, long Clock, IReadOnlyList<TemplateState> Templates, IReadOnlyList<TemplateAlias> Aliases);

/// <param name="LastSeen">The <see cref="TemplateMinerSnapshot.Clock"/> value when a line last matched it.</param>
public sealed record TemplateState(int Id, IReadOnlyList<string> Tokens, long Count, long LastSeen);

public sealed record TemplateAlias(int MergedId, int IntoId);
