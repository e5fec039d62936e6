namespace FaultMaven.Agents.Knowledge;

/// <summary>Joins parsed knowledge files into one base, enforcing the rules that span files.</summary>
public static class KnowledgeBaseBuilder
{
    public static KnowledgeBase Build(IEnumerable<KnowledgeFile> files)
    {
        var list = files.ToList();
        var platforms = Unique(list.SelectMany(file => file.Platforms), platform => platform.Id, platform => platform.Location, "platform");
        var rootCauses = Unique(list.SelectMany(file => file.RootCauses), rootCause => rootCause.Id, rootCause => rootCause.Location, "root cause");
        var known = platforms.Select(platform => platform.Id).Append(Signature.GenericStack).ToHashSet(StringComparer.Ordinal);
        foreach (var rootCause in rootCauses)
        {
            RequireDeclared(known, rootCause.Signatures.Select(signature => (signature.Stack, signature.Location)));
            RequireDeclared(known, rootCause.Commands.Select(command => (command.Platform, rootCause.Location)));
        }

        var ids = rootCauses.Select(rootCause => rootCause.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = rootCauses.SelectMany(rootCause => rootCause.Explains.Where(explained => explained.Id == rootCause.Id || !ids.Contains(explained.Id))).FirstOrDefault();
        if (unknown.Id is not null)
        {
            throw new KnowledgeBaseException(unknown.Location, $"'explains' names '{unknown.Id}', which is not another root cause of the knowledge base");
        }

        return new KnowledgeBase(rootCauses, platforms);
    }

    private static List<T> Unique<T>(IEnumerable<T> items, Func<T, string> id, Func<T, SourceLocation> location, string what)
    {
        var seen = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.TryAdd(id(item), item))
            {
                throw new KnowledgeBaseException(location(item), $"duplicate {what} id '{id(item)}' (first defined at {location(seen[id(item)])})");
            }
        }

        return [.. seen.Values];
    }

    private static void RequireDeclared(HashSet<string> known, IEnumerable<(string Platform, SourceLocation Location)> uses)
    {
        foreach (var (platform, location) in uses)
        {
            if (!known.Contains(platform))
            {
                throw new KnowledgeBaseException(location, $"unknown platform '{platform}' (declare it under 'platforms:' or use one of: {string.Join(", ", known.Order())})");
            }
        }
    }
}
