using System.Reflection;

namespace FaultMaven.Agents.Knowledge;

/// <summary>Reads the built-in knowledge (embedded from <c>knowledge/</c>) and any extra folders of the user's own YAML files.</summary>
public static class KnowledgeBaseLoader
{
    private const string ResourcePrefix = "knowledge/";

    /// <exception cref="KnowledgeBaseException">A file is invalid; the message names the file and line.</exception>
    public static KnowledgeBase Load(IEnumerable<string> extraFolders)
    {
        var extra = extraFolders.SelectMany(FilesOf).Select(path => KnowledgeFileParser.Parse(path, File.ReadAllText(path)));
        return KnowledgeBaseBuilder.Build(BuiltIn().Concat(extra));
    }

    public static KnowledgeBase LoadBuiltIn() => Load([]);

    private static IEnumerable<KnowledgeFile> BuiltIn()
    {
        var assembly = typeof(KnowledgeBaseLoader).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            yield return KnowledgeFileParser.Parse(name, ReadResource(assembly, name));
        }
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    private static IEnumerable<string> FilesOf(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
        : throw new DirectoryNotFoundException($"knowledge folder not found: {folder}");
}
