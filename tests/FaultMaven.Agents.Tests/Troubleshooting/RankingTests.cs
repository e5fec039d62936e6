using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;
using static FaultMaven.Agents.Tests.Troubleshooting.LogLines;

namespace FaultMaven.Agents.Tests.Troubleshooting;

public sealed class RankingTests
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBaseLoader.LoadBuiltIn();
    private static readonly TroubleshootingAgent Agent = new(Knowledge);

    private static readonly (string Level, string Message)[] DiskFullWithLockWaits =
    [
        ("INFO", "process 4121 still waiting for ShareLock on transaction 99812 after 1000.052 ms"),
        ("INFO", "process 4130 still waiting for RowExclusiveLock on relation 16402 of database 16384 after 1000.117 ms"),
        ("FATAL", "could not write to file \"pg_wal/xlogtemp.4088\": No space left on device"),
    ];

    [Fact]
    public void The_cause_ranks_above_its_symptoms_whichever_line_comes_first()
    {
        var causeLast = Diagnose(DiskFullWithLockWaits);
        var causeFirst = Diagnose([.. DiskFullWithLockWaits.Reverse()]);

        Assert.Equal("disk-full", causeLast[0].RootCause);
        Assert.Equal("disk-full", causeFirst[0].RootCause);
        Assert.Equal(causeLast[0].Confidence, causeFirst[0].Confidence);
        Assert.True(Rank(causeLast, "disk-full") < Rank(causeLast, "db-lock-timeout"));
    }

    [Fact]
    public void A_symptom_is_ranked_below_its_cause_even_when_its_own_lines_are_stronger()
    {
        var ranked = Diagnose(
        [
            ("ERROR", "Back-off restarting failed container api in pod api-7d9-x_shop(5b1c)"),
            ("ERROR", "Back-off restarting failed container api in pod api-7d9-x_shop(5b1c)"),
            ("ERROR", "Back-off restarting failed container api in pod api-7d9-x_shop(5b1c)"),
            ("WARN", "x509: certificate has expired or is not yet valid: current time 2026-10-21T06:00:02Z is after 2026-10-20T23:59:59Z"),
        ]);

        Assert.Equal("tls-certificate-expired", ranked[0].RootCause);
        var symptom = ranked.Single(hypothesis => hypothesis.RootCause == "crash-loop");
        Assert.True(symptom.Confidence <= ranked[0].Confidence);
    }

    [Fact]
    public void A_specific_signature_outranks_a_generic_one_on_the_same_line()
    {
        var ranked = Diagnose([("ERROR", """bulk failed {"error":{"type":"cluster_block_exception","reason":"index [logs] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];"},"status":429}""")]);

        Assert.Equal("es-disk-watermark", ranked[0].RootCause);
        Assert.Contains(ranked, hypothesis => hypothesis.RootCause == "rate-limited" && hypothesis.Confidence < 0.5);
    }

    [Fact]
    public void One_decisive_line_outweighs_many_routine_ones()
    {
        var routine = Enumerable.Range(1, 6).Select(replicas => ("INFO", $"Scaled up replica set api-7d9 to {replicas}"));
        var ranked = Diagnose([.. routine, ("ERROR", "java.lang.OutOfMemoryError: Java heap space")]);

        Assert.Equal("memory-exhaustion", ranked[0].RootCause);
        Assert.True(ranked[0].Confidence >= 0.5, $"{ranked[0].Confidence:P0}");
        Assert.True(ranked.Single(hypothesis => hypothesis.RootCause == "bad-deploy").Confidence < 0.5);
    }

    [Fact]
    public void Evidence_quotes_the_decisive_line_first_not_the_generic_exit_lines_around_it()
    {
        var ranked = Diagnose(
        [
            ("ERROR", "report-worker.service: Main process exited, code=exited, status=1/FAILURE"),
            ("ERROR", "report-worker.service: Failed at step EXEC spawning /opt/report/bin/worker: No such file or directory"),
            ("ERROR", "report-worker.service: Main process exited, code=exited, status=203/EXEC"),
        ]);

        var best = ranked[0];
        Assert.Equal("systemd-exec-not-found", best.RootCause);
        Assert.Contains("Failed at step EXEC", best.Evidence[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_platform_label_comes_from_the_evidence_and_commands_fill_placeholders_from_it()
    {
        var ranked = Diagnose([("ERROR", "Npgsql.NpgsqlException (0x80004005): Failed to connect to 127.0.0.1:5432 ---> System.Net.Sockets.SocketException (111): Connection refused")]);

        var refused = ranked.Single(hypothesis => hypothesis.RootCause == "connection-refused");
        Assert.Contains("dotnet", refused.Stacks);
        Assert.DoesNotContain("jvm", refused.Stacks);
        Assert.Contains(refused.Commands, command => command.Run.Contains("5432", StringComparison.Ordinal));
        Assert.DoesNotContain(refused.Commands, command => command.Run.Contains("<port>", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dns_query_is_sent_to_the_resolver_the_line_names_not_to_the_name_that_failed()
    {
        var ranked = Diagnose([("ERROR", "refresh failed: dial tcp: lookup ledger.payments.svc.cluster.local on 10.43.0.10:53: read udp 10.42.3.9:40411->10.43.0.10:53: i/o timeout")]);

        var commands = ranked.Single(hypothesis => hypothesis.RootCause == "dns-resolver-unreachable").Commands;
        Assert.Contains(commands, command => command.Run.Contains("dig +tries=1 +time=2 @10.43.0.10 ", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, command => command.Run.Contains("@ledger", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_check_connects_to_the_port_the_evidence_shows()
    {
        var ranked = Diagnose([("ERROR", "sync: Post \"https://billing.internal:9443/v1/charges\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-12-02T03:00:00Z is after 2026-11-30T23:59:59Z")]);

        var expired = ranked.Single(hypothesis => hypothesis.RootCause == "tls-certificate-expired");
        Assert.Contains(expired.Commands, command => command.Run.Contains(":9443 ", StringComparison.Ordinal));
        Assert.DoesNotContain(expired.Commands, command => command.Run.Contains(":443 ", StringComparison.Ordinal));
        // A Go client: none of the root cause's platforms is seen, so the commands are the host's, not every platform's.
        Assert.All(expired.Commands, command => Assert.Equal(TroubleshootingAgent.OperatingSystemPlatform, command.Platform));
    }

    [Theory]
    [InlineData("FATAL:  password authentication failed for user \"reporting\"", "reporting")]
    [InlineData("Access denied for user 'etl'@'10.0.4.2' (using password: YES)", "etl")]
    public void A_command_about_a_user_is_filled_with_the_user_the_line_names(string line, string user)
    {
        var ranked = Diagnose([("ERROR", line)]);

        var commands = ranked.SelectMany(hypothesis => hypothesis.Commands).Where(command => command.Run.Contains(user, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(commands);
        Assert.DoesNotContain(ranked[0].Commands, command => command.Run.Contains("<user>", StringComparison.Ordinal));
    }

    [Fact]
    public void A_go_program_is_not_labelled_with_another_runtime()
    {
        var ranked = Diagnose([("ERROR", "sync failed: Get \"http://inventory:8080/items\": dial tcp: lookup inventory on 10.96.0.10:53: no such host")]);

        var dns = ranked.Single(hypothesis => hypothesis.RootCause == "dns-resolution");
        Assert.Equal(["go"], dns.Stacks);
    }

    [Fact]
    public void Ties_are_broken_by_specificity_not_by_name()
    {
        var ranked = Diagnose([("ERROR", "ERROR 1205 (HY000): Lock wait timeout exceeded; try restarting transaction"), ("ERROR", "Deadlock found when trying to get lock; try restarting transaction")]);
        var reversed = Diagnose([("ERROR", "Deadlock found when trying to get lock; try restarting transaction"), ("ERROR", "ERROR 1205 (HY000): Lock wait timeout exceeded; try restarting transaction")]);

        Assert.Equal(ranked.Select(hypothesis => hypothesis.RootCause), reversed.Select(hypothesis => hypothesis.RootCause));
        Assert.Equal("db-deadlock", ranked[0].RootCause);
    }

    [Fact]
    public void An_unknown_cause_is_answered_with_no_known_root_cause_and_what_was_found()
    {
        var ranked = Diagnose([("WARN", "license key ACME-7781 expired on 2026-10-31; entering read-only mode")]);
        var finding = new Finding("f1", "new-template", Severity.Warn, "test", null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "New WARN message: license key <*> expired", 1, null, 1, null, [], [], []);

        var answer = DiagnosisSummary.Describe(ranked, [finding]);

        Assert.DoesNotContain(ranked, hypothesis => hypothesis.Confidence >= DiagnosisSummary.ConfidentFrom);
        Assert.StartsWith(DiagnosisSummary.NoKnownRootCause, answer, StringComparison.Ordinal);
        Assert.Contains("1 new-template", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diagnosis_quotes_the_line_of_a_traceback_the_signature_matched_not_its_first()
    {
        var ranked = Diagnose([("ERROR", string.Join('\n',
            "Exception in task nightly_export (attempt 3 of 3)",
            "Traceback (most recent call last):",
            "  File \"/srv/export/tasks.py\", line 88, in nightly_export",
            "    with psycopg.connect(settings.DSN) as conn:",
            "psycopg.OperationalError: connection failed: FATAL:  password authentication failed for user \"exporter\""))]);

        var answer = DiagnosisSummary.Describe(ranked, []);

        Assert.StartsWith("Likely root cause: ", answer, StringComparison.Ordinal);
        Assert.Contains("from \"psycopg.OperationalError: connection failed: FATAL:  password authentication failed", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception in task", answer, StringComparison.Ordinal);
    }

    /// <summary>
    /// Nginx timing out on its upstream is what a slow database, a saturated pool, a stalled runtime and causes nobody
    /// wrote down all look like: alone it stays a lead below 50 %, named with the causes to look for; with one of those
    /// causes beside it, that cause is the answer and the timeout its symptom.
    /// </summary>
    [Fact]
    public void A_symptom_many_causes_produce_is_only_a_lead_until_one_of_its_causes_shows()
    {
        (string, string)[] timeouts =
        [
            ("ERROR", "upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.1.0.4, server: shop, request: \"GET /cart HTTP/1.1\", upstream: \"http://10.1.2.3:8080/cart\""),
            ("ERROR", "upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.1.0.9, server: shop, request: \"GET /cart HTTP/1.1\", upstream: \"http://10.1.2.3:8080/cart\""),
        ];

        var alone = Diagnose(timeouts);
        var withCause = Diagnose([.. timeouts, ("ERROR", "HikariPool-1 - Connection is not available, request timed out after 30000ms.")]);
        var answer = DiagnosisSummary.Describe(alone, []);

        Assert.Equal("upstream-timeout", alone[0].RootCause);
        Assert.True(alone[0].Confidence <= ConfidenceModel.UnexplainedSymptomCeiling, $"{alone[0].Confidence:P0}");
        Assert.True(alone[0].UnmatchedCauses.Count >= ConfidenceModel.SymptomClassFrom);
        Assert.StartsWith(DiagnosisSummary.NoKnownRootCause, answer, StringComparison.Ordinal);
        Assert.Contains($"known root causes look like from outside ({string.Join(", ", alone[0].UnmatchedCauses.Take(4))}", answer, StringComparison.Ordinal);
        Assert.Equal("db-connection-pool-exhausted", withCause[0].RootCause);
        Assert.True(withCause[0].Confidence >= DiagnosisSummary.ConfidentFrom, $"{withCause[0].Confidence:P0}");
        Assert.Empty(withCause.Single(hypothesis => hypothesis.RootCause == "upstream-timeout").UnmatchedCauses);
    }

    /// <summary>
    /// Explaining a symptom that only one root cause explains points at that cause; explaining one that many explain
    /// (an upstream timeout) points at none of them in particular, so it adds a fraction of what the former adds.
    /// </summary>
    [Fact]
    public void Explaining_a_symptom_counts_less_the_more_root_causes_explain_it()
    {
        var explainedBy = Knowledge.RootCauses.SelectMany(rootCause => rootCause.Explains).CountBy(explained => explained.Id).ToDictionary();
        var upstreamTimeouts = explainedBy["upstream-timeout"];
        var ranked = Diagnose(
        [
            ("ERROR", "HikariPool-1 - Connection is not available, request timed out after 30000ms."),
            ("ERROR", "upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.1.0.4, server: shop, request: \"GET /cart HTTP/1.1\", upstream: \"http://10.1.2.3:8080/cart\""),
        ]);

        var pool = ranked.Single(hypothesis => hypothesis.RootCause == "db-connection-pool-exhausted");

        Assert.True(upstreamTimeouts >= ConfidenceModel.SymptomClassFrom);
        Assert.Equal(1.0 / upstreamTimeouts, pool.Features.Cause, precision: 10);
    }

    [Fact]
    public void A_weak_closest_match_is_named_as_only_a_lead()
    {
        var ranked = Diagnose([("INFO", "scheduler-2 lost leadership of nightly-jobs")]);

        var answer = DiagnosisSummary.Describe(ranked, []);

        Assert.NotEmpty(ranked);
        Assert.StartsWith(DiagnosisSummary.NoKnownRootCause, answer, StringComparison.Ordinal);
        Assert.Contains("closest match", answer, StringComparison.Ordinal);
    }

    private static IReadOnlyList<Hypothesis> Diagnose(IReadOnlyList<(string Level, string Message)> lines) =>
        Agent.Diagnose([.. lines.Select((line, index) => Event(index, line.Level, line.Message))], [], FeedbackHistory.Empty);

    private static int Rank(IReadOnlyList<Hypothesis> ranked, string id) => ranked.Select(hypothesis => hypothesis.RootCause).ToList().IndexOf(id);
}
