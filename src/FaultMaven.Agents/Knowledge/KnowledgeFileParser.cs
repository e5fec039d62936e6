using System.Text.RegularExpressions;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FaultMaven.Agents.Knowledge;

/// <summary>The root causes and platforms one knowledge file declares.</summary>
public sealed record KnowledgeFile(IReadOnlyList<RootCause> RootCauses, IReadOnlyList<Platform> Platforms);

/// <summary>Parses and validates one knowledge file; the rules that span files are in <see cref="KnowledgeBaseBuilder"/>.</summary>
public static partial class KnowledgeFileParser
{
    public const int SupportedVersion = 1;

    /// <summary>Bounds every knowledge regex, so one pathological pattern cannot stall analysis.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    public static KnowledgeFile Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException error)
        {
            throw new KnowledgeBaseException(new SourceLocation(file, error.Start.Line), $"invalid YAML: {error.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            throw new KnowledgeBaseException(new SourceLocation(file, 1), "the file is empty");
        }

        var root = YamlEntry.Of(stream.Documents[0].RootNode, file, "a knowledge file");
        root.RejectUnknownKeys("version", "platforms", "rootCauses");
        if (root.OptionalNumber("version", 0) != SupportedVersion)
        {
            throw root.Fail("version", $"'version: {SupportedVersion}' is required");
        }

        return new KnowledgeFile(
            root.Entries("rootCauses").Select(ParseRootCause).ToList(),
            root.Entries("platforms").Select(ParsePlatform).ToList());
    }

    private static Platform ParsePlatform(YamlEntry entry)
    {
        entry.RejectUnknownKeys("id", "title", "fingerprints");
        var fingerprints = entry.Strings("fingerprints").Select(item => Compile(item.Value, item.Location)).ToList();
        if (fingerprints.Count == 0)
        {
            throw entry.Fail("fingerprints", "a platform needs at least one fingerprint regex");
        }

        return new Platform(Id(entry), entry.RequiredString("title"), fingerprints, entry.Location);
    }

    private static RootCause ParseRootCause(YamlEntry entry)
    {
        entry.RejectUnknownKeys("id", "title", "description", "signatures", "steps", "commands", "references", "explains", "prior", "phrasings");
        var signatures = entry.Entries("signatures").Select(ParseSignature).ToList();
        var steps = entry.Strings("steps").Select(step => step.Value).ToList();
        if (signatures.Count == 0 || steps.Count == 0)
        {
            throw entry.Fail(signatures.Count == 0 ? "signatures" : "steps", "a root cause needs at least one signature and one step");
        }

        return new RootCause(
            Id(entry),
            entry.RequiredString("title"),
            entry.RequiredString("description"),
            signatures,
            steps,
            entry.Entries("commands").Select(ParseCommand).ToList(),
            entry.Strings("references").Select(reference => reference.Value).ToList(),
            entry.Strings("explains").Select(explained => (explained.Value, explained.Location)).ToList(),
            ParsePrior(entry.OptionalEntry("prior")),
            entry.Location,
            entry.Strings("phrasings").Select(phrasing => phrasing.Value).ToList());
    }

    private static Signature ParseSignature(YamlEntry entry)
    {
        entry.RejectUnknownKeys("stack", "weight", "regex", "keywords", "minLevel", "printedAt", "service", "attributes", "example");
        var weight = entry.OptionalNumber("weight", double.NaN);
        if (!(weight is > 0 and <= 1))
        {
            throw entry.Fail("weight", "'weight' is required and must be in (0, 1]");
        }

        var pattern = entry.OptionalString("regex") is { } regex ? Compile(regex, entry.LocationOf("regex")) : null;
        var keywords = entry.Strings("keywords").Select(keyword => keyword.Value).ToList();
        if (pattern is null && keywords.Count == 0)
        {
            throw new KnowledgeBaseException(entry.Location, "a signature needs a 'regex' or 'keywords'");
        }

        return new Signature(
            Id(entry, "stack"),
            weight,
            pattern,
            keywords,
            ParseLevel(entry, "minLevel"),
            entry.OptionalString("service") is { } service ? Compile(service, entry.LocationOf("service")) : null,
            entry.Pairs("attributes").ToDictionary(pair => pair.Key, pair => Compile(pair.Value, pair.Location)),
            entry.OptionalString("example"),
            entry.Location,
            ParseLevel(entry, "printedAt"));
    }

    private static Severity ParseLevel(YamlEntry entry, string key) => entry.OptionalString(key) switch
    {
        null => Severity.Unknown,
        var text when SeverityParser.Parse(text) is var level and not Severity.Unknown => level,
        var text => throw entry.Fail(key, $"'{key}' must be a log level such as warn or error (was '{text}')"),
    };

    private static DiagnosticCommand ParseCommand(YamlEntry entry)
    {
        entry.RejectUnknownKeys("platform", "run", "why");
        return new DiagnosticCommand(Id(entry, "platform"), entry.RequiredString("run"), entry.RequiredString("why"));
    }

    private static BetaPrior ParsePrior(YamlEntry? entry)
    {
        if (entry is null)
        {
            return BetaPrior.Uniform;
        }

        entry.RejectUnknownKeys("alpha", "beta");
        var prior = new BetaPrior(entry.OptionalNumber("alpha", 1), entry.OptionalNumber("beta", 1));
        return prior is { Alpha: > 0, Beta: > 0 } ? prior : throw new KnowledgeBaseException(entry.Location, "'alpha' and 'beta' must be positive");
    }

    private static string Id(YamlEntry entry, string key = "id")
    {
        var id = entry.RequiredString(key);
        return IdForm().IsMatch(id) ? id : throw entry.Fail(key, $"'{key}' must be lowercase words joined by '-' (was '{id}')");
    }

    private static Regex Compile(string pattern, SourceLocation location)
    {
        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        }
        catch (ArgumentException error)
        {
            throw new KnowledgeBaseException(location, $"invalid regex '{pattern}': {error.Message}");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:[-.][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdForm();
}
