namespace FaultMaven.Agents.Knowledge;

/// <summary>The validated root causes and platforms, from every knowledge folder.</summary>
public sealed record KnowledgeBase(IReadOnlyList<RootCause> RootCauses, IReadOnlyList<Platform> Platforms)
{
    public RootCause? Find(string id) => RootCauses.FirstOrDefault(rootCause => rootCause.Id == id);
}
