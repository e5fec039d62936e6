using System.Xml.Linq;

namespace FaultMaven.Testing.Processes;

/// <summary>What a project carries into its output: every project it references, directly or not, and their package references.</summary>
/// <param name="Projects">File names without extension, e.g. <c>FaultMaven.Kafka</c>, the project itself included.</param>
/// <param name="Packages">Package ids referenced by any of <paramref name="Projects"/>.</param>
public sealed record ProjectClosure(IReadOnlySet<string> Projects, IReadOnlySet<string> Packages)
{
    /// <summary>Reads <c>{folder}/{name}/{name}.csproj</c> (<paramref name="folder"/> src or tests) and follows its project references.</summary>
    public static ProjectClosure Of(string name, string folder = "src")
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var packages = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.Combine(RepositoryPaths.Root, folder, name, name + ".csproj")]);
        while (pending.TryPop(out var path))
        {
            if (!projects.Add(Path.GetFileNameWithoutExtension(path)))
            {
                continue;
            }

            var project = XDocument.Load(path);
            foreach (var reference in project.Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, (string)reference.Attribute("Include")!)));
            }

            packages.UnionWith(project.Descendants("PackageReference").Select(package => (string)package.Attribute("Include")!));
        }

        return new ProjectClosure(projects, packages);
    }
}
