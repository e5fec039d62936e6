using System.Text;
using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Tests.Knowledge;

/// <summary>
/// docs/root-causes.md lists every root cause of the built-in knowledge base with a few of its signatures, generated
/// from the YAML: the page once listed 30 of 143 and showed signatures the YAML no longer had. When this test fails,
/// run it with <c>FM_UPDATE_DOCS=1</c> to rewrite the page, and commit it with the knowledge change.
/// </summary>
public sealed class RootCauseDocTests
{
    private const int SignaturesShown = 4;
    private const int PatternShown = 80;

    [Fact]
    public void The_root_cause_page_lists_what_the_knowledge_base_knows()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "root-causes.md");
        var expected = Page(KnowledgeBaseLoader.LoadBuiltIn());
        if (Environment.GetEnvironmentVariable("FM_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(
            File.ReadAllText(path) == expected,
            $"{path} does not match knowledge/v1; run: FM_UPDATE_DOCS=1 dotnet test tests/FaultMaven.Agents.Tests --filter FullyQualifiedName~RootCauseDocTests");
    }

    private static string Page(KnowledgeBase knowledge)
    {
        var page = new StringBuilder();
        page.Append("# Root causes\n\n");
        page.Append($"The built-in knowledge base (`knowledge/v1/*.yaml`, embedded in FaultMaven.Agents) knows these {knowledge.RootCauses.Count} root causes.\n");
        page.Append("Each has signatures from several stacks (case-insensitive regexes over the message and attribute values), investigation steps,\n");
        page.Append("commands per platform and references. Add your own with `fm analyze --knowledge DIR` (same YAML schema; see docs/agents.md).\n");
        page.Append($"The table shows up to {SignaturesShown} signatures per root cause, shortened; the YAML files have them all. Generated from the YAML by\n");
        page.Append("`RootCauseDocTests` (`FM_UPDATE_DOCS=1 dotnet test tests/FaultMaven.Agents.Tests --filter FullyQualifiedName~RootCauseDocTests`).\n\n");
        page.Append("| id | what it means | example signatures (stack: pattern) |\n|---|---|---|\n");
        foreach (var rootCause in knowledge.RootCauses)
        {
            var signatures = rootCause.Signatures
                .Where(signature => signature.Pattern is not null)
                .Take(SignaturesShown)
                .Select(signature => $"{signature.Stack}: `{Cell(Shorten(signature.Pattern!.ToString()))}`");
            page.Append($"| `{rootCause.Id}` | {Cell(rootCause.Title)} | {string.Join("<br>", signatures)} |\n");
        }

        return page.ToString();
    }

    private static string Shorten(string pattern) => pattern.Length <= PatternShown ? pattern : pattern[..PatternShown] + "…";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FaultMaven.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no FaultMaven.sln above {AppContext.BaseDirectory}");
    }
}
