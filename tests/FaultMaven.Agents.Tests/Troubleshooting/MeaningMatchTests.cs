using FaultMaven.Agents.Tests.Calibration;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;
using static FaultMaven.Agents.Tests.Troubleshooting.LogLines;

namespace FaultMaven.Agents.Tests.Troubleshooting;

/// <summary>The meaning matcher with the real in-process MiniLM (loaded once for the class).</summary>
[Collection(MeaningCollection.Name)]
public sealed class MeaningMatchTests(MeaningFixture meaning)
{
    private const string Paraphrase = "cache write failed: ReplyError: redis refused the SET: memory usage is above the configured maxmemory limit";
    private const string SignatureWording = "cache write failed: OOM command not allowed when used memory > 'maxmemory'.";

    [Fact]
    public void A_line_worded_unlike_any_signature_finds_its_root_cause_by_meaning_and_says_so()
    {
        var ranked = Diagnose(Event(0, "ERROR", Paraphrase));

        Assert.True(ranked.Count > 0 && ranked[0].RootCause == "redis-maxmemory", string.Join(", ", ranked.Select(h => $"{h.RootCause} {h.Confidence:P0}")));
        Assert.StartsWith("meaning ≈ ", ranked[0].Evidence[0].Signature, StringComparison.Ordinal);
        Assert.True(ranked[0].Features.Meaning > 0 && ranked[0].Features.Decisive == 0, $"{ranked[0].Features}");
    }

    [Fact]
    public void The_evidence_of_a_match_by_meaning_quotes_the_knowledge_base_text_the_line_was_nearest_to()
    {
        var rootCause = meaning.Knowledge.RootCauses.Single(r => r.Id == "redis-maxmemory");
        var match = meaning.Matcher.Nearest([Event(0, "ERROR", Paraphrase)], new HashSet<int>()).Single();
        string[] texts = [.. rootCause.Signatures.Select(s => s.Example).OfType<string>(), rootCause.Title, .. rootCause.Phrasings];

        // The anchor as written in the knowledge base (a phrasing's words are not the example of any signature), so
        // the engineer sees what the line was compared with.
        Assert.Equal(rootCause, match.RootCause);
        Assert.True(texts.Contains(match.Anchor) || rootCause.Description.StartsWith(match.Anchor, StringComparison.Ordinal), $"quoted: {match.Anchor}");
        var evidence = Diagnose(Event(0, "ERROR", Paraphrase))[0].Evidence[0].Signature;
        Assert.EndsWith($" to \"{match.Anchor}\"", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_match_by_meaning_is_less_confident_than_the_same_failure_matched_by_its_signature()
    {
        var byMeaning = Diagnose(Event(0, "ERROR", Paraphrase));
        var bySignature = Diagnose(Event(0, "ERROR", SignatureWording));

        Assert.Equal("redis-maxmemory", bySignature[0].RootCause);
        Assert.DoesNotContain("meaning", bySignature[0].Evidence[0].Signature, StringComparison.Ordinal);
        Assert.True(byMeaning[0].Confidence < bySignature[0].Confidence, $"meaning {byMeaning[0].Confidence:P0}, signature {bySignature[0].Confidence:P0}");
    }

    [Fact]
    public void Lines_a_signature_matched_and_routine_lines_are_not_embedded()
    {
        var events = new[] { Event(0, "ERROR", SignatureWording), Event(1, "INFO", Paraphrase), Event(2, "ERROR", Paraphrase) };

        var nearest = meaning.Matcher.Nearest(events, new HashSet<int> { 0 });

        Assert.Equal([2], nearest.Select(match => match.Position));
    }

    [Fact]
    public void At_most_sixteen_lines_of_a_long_paste_are_embedded_the_most_serious_first()
    {
        // Shard names without digits: lines that differ only in numbers are one text to the matcher (Words).
        var events = Enumerable.Range(0, 40).Select(index => Event(index, index % 2 == 0 ? "WARN" : "ERROR", $"{Paraphrase} (shard {(char)('a' + (index % 26))}{(char)('a' + (index / 26))})")).ToList();

        var nearest = meaning.Matcher.Nearest(events, new HashSet<int>());

        Assert.Equal(EmbeddingMeaningMatcher.MaxLines, nearest.Count);
        Assert.All(nearest, match => Assert.Equal(Severity.Error, events[match.Position].Level));
    }

    [Fact]
    public async Task A_background_matcher_matches_nothing_until_the_knowledge_base_is_embedded_then_like_the_matcher_it_built()
    {
        using var embedded = new ManualResetEventSlim();
        using var background = new BackgroundMeaningMatcher(_ =>
        {
            embedded.Wait(TimeSpan.FromMinutes(1));
            return meaning.Matcher;
        });
        var events = new[] { Event(0, "ERROR", Paraphrase) };

        Assert.Empty(background.Match(events, new HashSet<int>()));
        embedded.Set();
        await background.Ready.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(meaning.Matcher.Match(events, new HashSet<int>()), background.Match(events, new HashSet<int>()));
    }

    [Fact]
    public async Task Disposing_a_background_matcher_stops_its_build_and_waits_for_it_so_the_model_outlives_it()
    {
        using var started = new ManualResetEventSlim();
        var stillRunning = 0;
        var background = new BackgroundMeaningMatcher(stopping =>
        {
            Interlocked.Increment(ref stillRunning);
            try
            {
                started.Set();
                // The real build's embedding loop, with a clock instead of a model: it stops only through its token.
                while (true)
                {
                    stopping.ThrowIfCancellationRequested();
                    Thread.Sleep(10);
                }
            }
            finally
            {
                Interlocked.Decrement(ref stillRunning);
            }
        });
        _ = background.Ready;
        Assert.True(started.Wait(TimeSpan.FromMinutes(1)), "the build never started");

        await Task.Run(background.Dispose).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(0, Volatile.Read(ref stillRunning));
        Assert.Throws<ObjectDisposedException>(() => background.Match([Event(0, "ERROR", Paraphrase)], new HashSet<int>()));
    }

    [Fact]
    public void Lines_are_compared_by_their_words_without_ids_addresses_or_sizes_but_with_a_status_code()
    {
        Assert.Equal(
            "call to failed with HTTP 503 after retries",
            EmbeddingMeaningMatcher.Words("call 7f3a9c to 10.0.0.5:8080 failed with HTTP 503 after 30000ms retries=4"));
    }

    [Theory]
    [InlineData("""{"status":"green","number_of_nodes":3,"unassigned_shards":0}""", """{ ,"number_of_nodes":3, }""")]
    [InlineData("""{"_shards":{"total":3,"successful":3,"skipped":0,"failed":0},"timed_out":false}""", """{"_shards":{"total":3,"successful":3,"skipped":0, }, }""")]
    [InlineData("jobs done=120 errors=0 retries=0 health: ok", "jobs done=120      ")]
    [InlineData("replicas=3 availableReplicas=0 status=degraded failed=2", "replicas=3 availableReplicas=0 status=degraded failed=2")]
    public void Fields_reporting_that_a_failure_did_not_happen_are_not_read_for_meaning_but_a_failure_count_or_a_missing_good_thing_is(string line, string read)
    {
        Assert.Equal(read, EmbeddingMeaningMatcher.WithoutHealthyFields(line));
    }

    [Fact]
    public void Pasted_health_output_that_rules_a_failure_out_is_no_evidence_for_it()
    {
        // Cluster health of green with no unassigned shard, pasted beside an unrelated error: by its words alone it
        // was nearest to the unassigned-shards root cause.
        var ranked = Diagnose(Event(0, "UNKNOWN", """{"status":"green","number_of_nodes":3,"unassigned_shards":0,"initializing_shards":0}"""));

        Assert.DoesNotContain(ranked, hypothesis => hypothesis.RootCause == "search-shards-unassigned" && hypothesis.Confidence >= 0.3);
    }

    [Fact]
    public void Identifiers_are_compared_by_the_words_they_are_made_of_and_a_value_keeps_its_letter_parts()
    {
        Assert.Equal(
            "javax net ssl SSL Exception in mail queue enter: MySQL XIDs status EXEC",
            EmbeddingMeaningMatcher.Words("javax.net.ssl.SSLException in mail_queue_enter: MySQL XIDs status=203/EXEC"));
    }

    [Fact]
    public void Words_of_words_are_the_same_words_for_every_text_of_the_knowledge_base()
    {
        // The matcher makes each anchor's words once (an example's, then without the shared made-up names); this is
        // what lets it, and what a second pass could not change.
        var texts = meaning.Knowledge.RootCauses.SelectMany(rootCause => rootCause.Signatures.Select(s => s.Example).OfType<string>()
            .Concat([rootCause.Title, rootCause.Description, .. rootCause.Phrasings])).ToList();

        Assert.All(texts, text => Assert.Equal(EmbeddingMeaningMatcher.Words(text), EmbeddingMeaningMatcher.Words(EmbeddingMeaningMatcher.Words(text))));
        Assert.True(texts.Count > 1000, $"{texts.Count} texts");
    }

    [Fact]
    public void A_line_only_a_generic_signature_matched_is_asked_by_meaning_and_a_more_specific_cause_outranks_the_generic_one()
    {
        var generic = Event(0, "ERROR", "scheduler: all workers are blocked waiting on each other, deadlock suspected");
        var specific = Event(1, "ERROR", "ERROR:  deadlock detected");
        var asked = new List<int>();
        var claimsGoDeadlock = new FixedMeaning(meaning.Knowledge.RootCauses.Single(rootCause => rootCause.Id == "go-deadlock"), asked);

        var ranked = new TroubleshootingAgent(meaning.Knowledge, meaning: claimsGoDeadlock).Diagnose([generic], [], FeedbackHistory.Empty);
        new TroubleshootingAgent(meaning.Knowledge, meaning: claimsGoDeadlock).Diagnose([specific], [], FeedbackHistory.Empty);

        Assert.Equal([0], asked);
        Assert.Equal("go-deadlock", ranked[0].RootCause);
        var db = ranked.Single(hypothesis => hypothesis.RootCause == "db-deadlock");
        Assert.True(db.Confidence < ranked[0].Confidence, string.Join(", ", ranked.Select(h => $"{h.RootCause} {h.Confidence:P0}")));
    }

    private IReadOnlyList<Hypothesis> Diagnose(params LogEvent[] events) =>
        new TroubleshootingAgent(meaning.Knowledge, meaning: meaning.Matcher).Diagnose(events, [], FeedbackHistory.Empty);

    /// <summary>Claims every line it is asked about for one root cause at similarity 0.8, and records which it was asked about.</summary>
    private sealed class FixedMeaning(FaultMaven.Agents.Knowledge.RootCause rootCause, List<int> asked) : IMeaningMatcher
    {
        public IReadOnlyList<MeaningMatch> Match(IReadOnlyList<LogEvent> events, IReadOnlySet<int> exactlyMatched)
        {
            var positions = Enumerable.Range(0, events.Count).Where(position => !exactlyMatched.Contains(position)).ToList();
            asked.AddRange(positions);
            return [.. positions.Select(position => new MeaningMatch(position, rootCause, rootCause.Signatures[0], 0.8, rootCause.Title))];
        }
    }
}
