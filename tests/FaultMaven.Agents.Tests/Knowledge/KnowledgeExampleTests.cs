using System.Text.RegularExpressions;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Tests.Knowledge;

/// <summary>The built-in knowledge base checked against its own examples: each signature's example line must match it,
/// and must not match another root cause's signature more specifically (which would steal the line in ranking).</summary>
public sealed partial class KnowledgeExampleTests
{
    private const int MinimumRootCauses = 120;
    private static readonly KnowledgeBase Knowledge = KnowledgeBaseLoader.LoadBuiltIn();

    public static TheoryData<string> RootCauseIds() => [.. Knowledge.RootCauses.Select(rootCause => rootCause.Id)];

    [Fact]
    public void The_knowledge_base_knows_at_least_120_root_causes()
    {
        Assert.True(Knowledge.RootCauses.Count >= MinimumRootCauses, $"{Knowledge.RootCauses.Count} root causes");
    }

    [Theory]
    [MemberData(nameof(RootCauseIds))]
    public void Every_signature_has_an_example_that_it_matches_and_no_other_root_cause_matches_more_specifically(string id)
    {
        var rootCause = Knowledge.Find(id)!;
        Assert.NotEmpty(rootCause.Signatures);
        Assert.All(rootCause.Signatures, signature =>
        {
            Assert.False(string.IsNullOrWhiteSpace(signature.Example), $"{signature.Location}: the signature has no example");
            var line = Line(signature.Example!);
            var text = SignatureMatcher.SearchableText(line);
            Assert.True(SignatureMatcher.Matches(signature, line, text), $"{signature.Location}: the example does not match its signature");
            var stronger = Knowledge.RootCauses
                .Where(other => other.Id != id)
                .SelectMany(other => other.Signatures.Where(candidate => SignatureMatcher.Matches(candidate, line, text) && Signature.BySpecificity.Compare(candidate, signature) > 0).Select(candidate => $"{other.Id} ({candidate.Location})"))
                .ToList();
            Assert.True(stronger.Count == 0, $"{signature.Location}: the example matches {string.Join(", ", stronger)} more specifically");
        });
    }

    /// <summary>
    /// Error codes (a PostgreSQL SQLSTATE, a MySQL error number, a Windows event id) are evidence only beside the word
    /// that makes them one: the same digits are process ids, ports and user ids in other lines. Every standalone code a
    /// signature names is put into such positions of otherwise harmless lines; no signature may match them. (An sshd
    /// line with <c>sshd[53300]</c> and <c>port 57014</c> was once diagnosed as a statement timeout at 63 %.)
    /// </summary>
    [Fact]
    public void A_code_a_signature_names_is_no_evidence_where_it_is_a_process_id_a_port_or_a_user_id()
    {
        var codes = Knowledge.RootCauses
            .SelectMany(rootCause => rootCause.Signatures)
            .Where(signature => signature.Pattern is not null)
            .SelectMany(signature => StandaloneCode().Matches(signature.Pattern!.ToString().Replace(@"\b", "", StringComparison.Ordinal)).Select(match => match.Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(codes);
        var probes = codes.SelectMany(code => new[]
        {
            $"Dec 10 10:00:00 host sshd[{code}]: Accepted publickey for deploy from 10.0.0.7 port {code} ssh2",
            $"Dec 10 10:00:00 host sshd[4121]: pam_unix(sshd:session): session opened for user deploy(uid={code}) by (uid=0) pid={code}",
            $"2026-04-01 10:00:00.000 UTC [{code}] LOG:  connection received: host=10.0.0.7 port={code}",
            $"{{\"level\":\"info\",\"msg\":\"request served\",\"request_id\":\"{code}\",\"user\":{code},\"duration_ms\":{code}}}",
        });

        var matched = probes
            .SelectMany(probe => Knowledge.RootCauses.SelectMany(rootCause => rootCause.Signatures
                .Where(signature => SignatureMatcher.Matches(signature, Line(probe), SignatureMatcher.SearchableText(Line(probe))))
                .Select(signature => $"{rootCause.Id} ({signature.Location}) on: {probe}")))
            .ToList();
        Assert.True(matched.Count == 0, string.Join(Environment.NewLine, matched));
    }

    /// <summary>The same codes beside their names, in the forms drivers and servers print them, are still evidence.</summary>
    [Theory]
    [InlineData("query-timeout", "pgx: query failed: ERROR: query aborted (SQLSTATE 57014)")]
    [InlineData("read-only-replica-write", "org.postgresql.util.PSQLException: write refused. SQL State: 25006")]
    [InlineData("permission-denied", "{\"level\":\"error\",\"msg\":\"insert failed\",\"code\":\"42501\"}")]
    [InlineData("query-timeout", "ERROR 3024 (HY000) at line 1: interrupted")]
    public void A_code_beside_its_name_is_evidence_of_its_root_cause(string id, string line)
    {
        var matching = Knowledge.RootCauses
            .Where(rootCause => rootCause.Signatures.Any(signature => SignatureMatcher.Matches(signature, Line(line), SignatureMatcher.SearchableText(Line(line)))))
            .Select(rootCause => rootCause.Id)
            .ToList();

        Assert.Contains(id, matching);
    }

    /// <summary>
    /// PostgreSQL's severity is upper case and followed by two spaces; other programs' <c>fatal:</c> and
    /// <c>error:</c> (sshd, git, Go) are not PostgreSQL, and a suggestion drawn from their lines must not be labelled so.
    /// </summary>
    [Theory]
    [InlineData("Dec 10 11:03:53 LabSZ sshd[25457]: fatal: Write failed: Connection reset by peer [preauth]", false)]
    [InlineData("error: failed to push some refs to 'origin'", false)]
    [InlineData("2026-04-01 10:00:00.000 UTC [991] FATAL:  terminating connection due to administrator command", true)]
    [InlineData("2026-04-01 10:00:00.000 UTC [991] ERROR:  relation \"orders\" does not exist", true)]
    public void PostgreSQL_is_recognised_by_its_severity_not_by_any_fatal_or_error(string line, bool postgresql)
    {
        Assert.Equal(postgresql, PlatformDetector.Detect(Knowledge.Platforms, [SignatureMatcher.SearchableText(Line(line))]).Contains("postgresql"));
    }

    [Theory]
    [MemberData(nameof(RootCauseIds))]
    public void No_root_cause_explains_itself_through_a_chain_of_explains_relations(string id)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new Queue<string>(Knowledge.Find(id)!.Explains.Select(explained => explained.Id));
        while (frontier.TryDequeue(out var next))
        {
            Assert.NotEqual(id, next);
            if (reached.Add(next))
            {
                foreach (var explained in Knowledge.Find(next)!.Explains)
                {
                    frontier.Enqueue(explained.Id);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(RootCauseIds))]
    public void Every_root_cause_has_steps_commands_and_vendor_references(string id)
    {
        var rootCause = Knowledge.Find(id)!;

        Assert.NotEmpty(rootCause.Steps);
        Assert.NotEmpty(rootCause.Commands);
        Assert.NotEmpty(rootCause.References);
        Assert.All(rootCause.References, reference => Assert.StartsWith("http", reference, StringComparison.Ordinal));
    }

    /// <summary>A code of four or five characters, digits or a SQLSTATE's digit-letter mix, standing alone in a pattern's text (word boundaries removed).</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9_\\-])(?:\d{4,5}|\d\d[A-Z]\d\d)(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex StandaloneCode();

    private static LogEvent Line(string text) => new(
        DateTimeOffset.UnixEpoch, "example", null, null, Severity.Unknown, text, new Dictionary<string, string>(), new RawOffset("example", 0, 0));
}
