using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Tests.Knowledge;

public sealed class KnowledgeBaseLoaderTests : IDisposable
{
    private const string Platforms = "version: 1\nplatforms:\n  - { id: linux, title: Linux, fingerprints: ['kernel:'] }\n";
    private readonly string folder = Directory.CreateTempSubdirectory("fm-knowledge-").FullName;

    public static TheoryData<string> RequiredRootCauses() =>
    [
        "memory-exhaustion", "gc-pressure", "disk-full", "file-descriptor-exhaustion", "dns-resolution", "connection-refused",
        "dependency-down", "upstream-timeout", "tls-certificate-expired", "tls-handshake-failure", "authentication-failure",
        "permission-denied", "missing-configuration", "crash-loop", "port-in-use", "db-connection-pool-exhausted", "db-deadlock",
        "db-lock-timeout", "kafka-consumer-rebalance", "kafka-consumer-lag", "rate-limited", "clock-skew", "bad-deploy",
        "application-exception", "thread-pool-starvation", "network-partition", "certificate-trust", "quota-exceeded",
        "image-pull-failure", "readiness-probe-failure",
    ];

    [Theory]
    [MemberData(nameof(RequiredRootCauses))]
    public void The_built_in_knowledge_covers_the_root_cause_with_signatures_from_several_stacks(string id)
    {
        var rootCause = KnowledgeBaseLoader.LoadBuiltIn().Find(id);

        Assert.NotNull(rootCause);
        Assert.True(rootCause.Signatures.Select(signature => signature.Stack).Distinct().Count() >= 2, $"{id} has signatures from fewer than two stacks");
        Assert.NotEmpty(rootCause.Commands);
    }

    [Fact]
    public void A_syntax_error_is_reported_with_its_file_and_line()
    {
        var path = Write("broken.yaml", "version: 1\nrootCauses:\n  - id: x\n    title: [unclosed\n");

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseLoader.Load([folder]));

        Assert.Equal(path, error.Location.File);
        Assert.StartsWith($"{path}:", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Location.Line, 4, 5);
    }

    /// <summary>Quotes keep a regex's leading and trailing spaces, which PostgreSQL's severities and HAProxy's flags need.</summary>
    [Fact]
    public void A_quoted_regex_keeps_its_surrounding_spaces()
    {
        Write("spaces.yaml", Entry("my-cause", "' ERROR:  '"));

        var signature = Assert.Single(KnowledgeBaseLoader.Load([folder]).Find("my-cause")!.Signatures);

        Assert.Equal(" ERROR:  ", signature.Pattern!.ToString());
    }

    [Fact]
    public void A_bad_regex_is_reported_at_the_line_of_its_signature()
    {
        var path = Write("bad-regex.yaml", Entry("my-cause", "'(unbalanced'"));

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseLoader.Load([folder]));

        Assert.Equal(new SourceLocation(path, 9), error.Location);
        Assert.Contains("invalid regex", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_id_names_both_places()
    {
        var path = Write("dup.yaml", Entry("memory-exhaustion", "'my app ran out'"));

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseLoader.Load([folder]));

        Assert.Equal(new SourceLocation(path, 3), error.Location);
        Assert.Contains("duplicate root cause id 'memory-exhaustion'", error.Message, StringComparison.Ordinal);
        Assert.Contains("knowledge/v1/resources.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_of_an_undeclared_platform_is_rejected()
    {
        Write("typo.yaml", Entry("my-cause", "'boom'").Replace("stack: linux", "stack: linnux", StringComparison.Ordinal));

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseLoader.Load([folder]));

        Assert.Contains("unknown platform 'linnux'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_folder_adds_root_causes_and_platforms_without_code_changes()
    {
        Write("traefik.yaml", Entry("traefik-backend-down", "'backend \\S+ has no server available'").Replace("stack: linux", "stack: traefik", StringComparison.Ordinal)
            + "platforms:\n  - { id: traefik, title: Traefik, fingerprints: ['\\btraefik\\b'] }\n");

        var knowledge = KnowledgeBaseLoader.Load([folder]);

        Assert.NotNull(knowledge.Find("traefik-backend-down"));
        Assert.NotNull(knowledge.Find("disk-full"));
        Assert.Contains(knowledge.Platforms, platform => platform.Id == "traefik");
    }

    [Fact]
    public void An_explains_relation_to_an_unknown_root_cause_is_reported_at_its_line()
    {
        var path = Write("explains.yaml", Entry("my-cause", "'my app broke'").Replace("    signatures:", "    explains: [no-such-cause]\n    signatures:", StringComparison.Ordinal));

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseLoader.Load([folder]));

        Assert.Equal(new SourceLocation(path, 6), error.Location);
        Assert.Contains("'no-such-cause'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Phrasings_are_read_as_plain_sentences_for_matching_by_meaning()
    {
        Write("phrasings.yaml", Entry("my-cause", "'my app broke'").Replace("    signatures:", "    phrasings: ['the app (v2) broke: [boom]', 'it fell over']\n    signatures:", StringComparison.Ordinal));

        var rootCause = KnowledgeBaseLoader.Load([folder]).Find("my-cause");

        Assert.Equal(["the app (v2) broke: [boom]", "it fell over"], rootCause!.Phrasings);
    }

    /// <summary>
    /// A message its program always prints at info (nginx's rejected client certificates) is weighed as an error line at
    /// that level or below, not discounted as an informational one; the same signature without <c>printedAt</c> is.
    /// </summary>
    [Fact]
    public void A_signature_printed_at_info_weighs_its_info_lines_as_errors()
    {
        Write("printed-at.yaml", Entry("quiet-cause", "'client certificate rejected'").Replace("        weight: 0.9\n", "        weight: 0.9\n        printedAt: info\n", StringComparison.Ordinal));
        Write("usual.yaml", Entry("usual-cause", "'client certificate rejected'"));
        var knowledge = KnowledgeBaseLoader.Load([folder]);
        var printedAtInfo = Assert.Single(knowledge.Find("quiet-cause")!.Signatures);
        var usual = Assert.Single(knowledge.Find("usual-cause")!.Signatures);

        double Strength(Signature signature, Severity level) => ConfidenceModel.LineStrength(new SignatureMatch(
            new EvidenceLine(0, new RawOffset("t", 0, 0, 0), DateTimeOffset.UnixEpoch, level, "client certificate rejected", "linux", "client certificate rejected"),
            signature,
            Outranked: false));

        Assert.Equal(Severity.Info, printedAtInfo.PrintedAt);
        Assert.Equal(Strength(printedAtInfo, Severity.Error), Strength(printedAtInfo, Severity.Info));
        Assert.True(Strength(usual, Severity.Info) < Strength(usual, Severity.Error));
        Assert.True(Strength(printedAtInfo, Severity.Debug) == Strength(printedAtInfo, Severity.Error));
    }

    [Fact]
    public void A_printed_at_level_that_is_no_level_is_reported_at_its_line()
    {
        var path = Write("bad-printed-at.yaml", Entry("my-cause", "'x'").Replace("        weight: 0.9\n", "        weight: 0.9\n        printedAt: loud\n", StringComparison.Ordinal));

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseLoader.Load([folder]));

        Assert.Equal(path, error.Location.File);
        Assert.Contains("'printedAt' must be a log level", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Entry(string id, string regex) => $"""
        version: 1
        rootCauses:
          - id: {id}
            title: Something broke
            description: A test entry.
            signatures:
              - stack: linux
                weight: 0.9
                regex: {regex}
            steps: [Look at it]
            commands:
              - {"{"} platform: linux, run: 'uptime', why: load {"}"}

        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
