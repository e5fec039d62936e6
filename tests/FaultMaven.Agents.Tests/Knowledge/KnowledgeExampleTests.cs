using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Tests.Knowledge;

/// <summary>The built-in knowledge base checked against its own examples: each signature's example line must match it,
/// and must not match another root cause's signature more specifically (which would steal the line in ranking).</summary>
public sealed class KnowledgeExampleTests
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

    private static LogEvent Line(string text) => new(
        DateTimeOffset.UnixEpoch, "example", null, null, Severity.Unknown, text, new Dictionary<string, string>(), new RawOffset("example", 0, 0));
}
