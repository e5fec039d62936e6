using System.Text.RegularExpressions;
using FaultMaven.Analysis.Masking;

namespace FaultMaven.Analysis.Tests.Masking;

/// <summary>
/// The browser extension masks with the server's rules: the exported JSON it bundles must be current, and both sides
/// must turn the shared corpus into the same expected text (the extension's Vitest test reads the same two files).
/// Set <c>FAULTMAVEN_UPDATE_GENERATED=1</c> to rewrite the JSON and the expected corpus instead of comparing.
/// </summary>
public sealed class MaskingRulesExportTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("FAULTMAVEN_UPDATE_GENERATED") == "1";

    [Fact]
    public void The_extension_bundles_the_current_masking_rules()
    {
        var path = RepositoryPath("extension", "src", "generated", "masking-rules.json");
        var json = MaskingRulesExport.ToJson();
        if (Update)
        {
            File.WriteAllText(path, json);
        }

        Assert.True(
            File.Exists(path) && File.ReadAllText(path) == json,
            $"{path} is stale: run FAULTMAVEN_UPDATE_GENERATED=1 dotnet test tests/FaultMaven.Analysis.Tests --filter MaskingRulesExportTests and commit it. Expected:\n{json}");
    }

    [Fact]
    public void The_server_masks_the_shared_corpus_into_the_expected_text()
    {
        var masker = new Masker(MaskingOptions.Default);
        var inside = false;
        var masked = string.Join('\n', ReadLines("corpus.log").Select(line => masker.MaskLine(line, ref inside)));
        var path = RepositoryPath("tests", "data", "masking", "corpus.masked.log");
        if (Update)
        {
            File.WriteAllText(path, masked);
        }

        Assert.Equal(File.ReadAllText(path), masked);
    }

    [Theory]
    [InlineData(@"\w", "[" + EcmaScriptRegex.WordClass + "]")]
    [InlineData(@"\d", "[" + EcmaScriptRegex.DigitClass + "]")]
    [InlineData(@"\s", "[" + EcmaScriptRegex.SpaceClass + "]")]
    public void The_exported_classes_hold_every_character_the_dotNET_class_holds(string dotNet, string exported)
    {
        var original = new Regex($"^{dotNet}$", RegexOptions.CultureInvariant);
        var spelled = new Regex($"^{exported}$", RegexOptions.CultureInvariant);

        var differing = Enumerable.Range(0, 0x10000)
            .Where(code => code is < 0xD800 or > 0xDFFF)
            .Select(code => ((char)code).ToString())
            .Where(c => original.IsMatch(c) != spelled.IsMatch(c))
            .Select(c => $"U+{(int)c[0]:X4}")
            .ToList();

        Assert.True(differing.Count == 0, $"{dotNet} and {exported} differ on {string.Join(", ", differing.Take(20))}");
    }

    [Fact]
    public void Word_boundaries_count_the_characters_dotNET_counts()
    {
        var boundaryWord = new Regex("^[" + EcmaScriptRegex.BoundaryWordClass + "]$", RegexOptions.CultureInvariant);

        var differing = Enumerable.Range(0, 0x10000)
            .Where(code => code is < 0xD800 or > 0xDFFF)
            .Select(code => ((char)code).ToString())
            .Where(c => Regex.IsMatch(c + "!", @"^\b") != boundaryWord.IsMatch(c))
            .Select(c => $"U+{(int)c[0]:X4}")
            .ToList();

        Assert.True(differing.Count == 0, $"\\b and [{EcmaScriptRegex.BoundaryWordClass}] differ on {string.Join(", ", differing.Take(20))}");
    }

    [Theory]
    [InlineData("(?>atomic)", "group")]
    [InlineData("a(?i:b)", "group")]
    [InlineData("[a-z-[aeiou]]", "class subtraction")]
    [InlineData(@"\Gstart", @"escape \G")]
    public void A_pattern_the_browser_cannot_run_is_refused_naming_the_construct(string pattern, string named)
    {
        var error = Assert.Throws<NotSupportedException>(() => EcmaScriptRegex.Translate(new Regex(pattern)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patterns_are_rewritten_into_their_ECMAScript_equivalent()
    {
        Assert.Equal((@"[^\n]+?(?=\n?$)", "iu"), EcmaScriptRegex.Translate(new Regex("(?i).+?$")));
        Assert.Equal((@"[\s\S]\{x\}a{2,}[\]""\-]", "u"), EcmaScriptRegex.Translate(new Regex(@"(?s).{x}a{2,}[]""\-]")));
    }

    private static string[] ReadLines(string name) => File.ReadAllText(RepositoryPath("tests", "data", "masking", name)).Split('\n');

    private static string RepositoryPath(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "FaultMaven.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException($"no FaultMaven.sln above {AppContext.BaseDirectory}");
        }

        return Path.Combine([directory.FullName, .. parts]);
    }
}
