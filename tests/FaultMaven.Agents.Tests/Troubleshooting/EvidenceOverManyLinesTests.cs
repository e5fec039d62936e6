using System.Globalization;
using System.Text;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Analysis.Anomaly.Streaming;

namespace FaultMaven.Agents.Tests.Troubleshooting;

/// <summary>
/// Whole inputs through the log analysis and the troubleshooting agent as <c>fm analyze</c> runs them (parsing and
/// detectors included): the platform label of a kubelet's klog lines, and a brute-force attack told from an
/// authentication failure by how many failures came from one client address. The inputs were written for these tests
/// in the shapes of a new-user trial whose own inputs are lost.
/// </summary>
public sealed class EvidenceOverManyLinesTests
{
    private static readonly TroubleshootingAgent Agent = new(KnowledgeBaseLoader.LoadBuiltIn());
    private static readonly DateTimeOffset ReceivedAt = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Bare klog lines of a kubelet that cannot pull an image (no journald prefix, so no "kubelet" word).</summary>
    private const string KubeletImagePull = """
        I1202 10:01:01.001234    1234 kuberuntime_manager.go:1012] "Pulling image" image="registry.example.com/shop/api:1.4" pod="shop/api-7d9f"
        E1202 10:01:02.123456    1234 remote_image.go:180] "PullImage from image service failed" err="rpc error: code = NotFound desc = failed to pull and unpack image \"registry.example.com/shop/api:1.4\": failed to resolve reference \"registry.example.com/shop/api:1.4\": registry.example.com/shop/api:1.4: not found" image="registry.example.com/shop/api:1.4"
        E1202 10:01:02.123501    1234 kuberuntime_manager.go:1256] "Failed to pull image" err="failed to resolve reference \"registry.example.com/shop/api:1.4\": registry.example.com/shop/api:1.4: not found" pod="shop/api-7d9f"
        E1202 10:01:02.123620    1234 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"api\" with ErrImagePull: \"rpc error: code = NotFound desc = failed to pull and unpack image\"" pod="shop/api-7d9f" podUID="6c1f0e5a-1111-4b2b-9c3d-2f0a7e1b2c3d"
        I1202 10:01:15.501234    1234 kuberuntime_image.go:55] "Back-off pulling image" image="registry.example.com/shop/api:1.4"
        E1202 10:01:15.501300    1234 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"api\" with ImagePullBackOff: \"Back-off pulling image \\\"registry.example.com/shop/api:1.4\\\"\"" pod="shop/api-7d9f" podUID="6c1f0e5a-1111-4b2b-9c3d-2f0a7e1b2c3d"
        """;

    private const string PythonTraceback = """
        2026-12-02 10:15:04,211 ERROR [worker] charge sync failed
        Traceback (most recent call last):
          File "/srv/app/sync.py", line 88, in run
            response = session.post(url, json=payload, timeout=5)
          File "/usr/local/lib/python3.12/site-packages/requests/adapters.py", line 700, in send
            raise ConnectionError(e, request=request)
        requests.exceptions.ConnectionError: HTTPSConnectionPool(host='ledger.internal', port=443): Max retries exceeded with url: /v1/charges (Caused by NameResolutionError("<urllib3.connection.HTTPSConnection object at 0x7f3a2c1d5e10>: Failed to resolve 'ledger.internal' ([Errno -2] Name or service not known)"))
        """;

    [Theory]
    [InlineData("registry.example.com/shop/api:1.4")]
    [InlineData("docker.io/library/python:3.12-slim")]
    [InlineData("bitnami/kafka:3.7.0")]
    [InlineData("nginx@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d")]
    public void A_kubelets_klog_lines_are_labelled_kubernetes_not_with_a_runtime_a_signature_or_an_image_name_names(string image)
    {
        var ranked = Diagnose(KubeletImagePull.Replace("registry.example.com/shop/api:1.4", image, StringComparison.Ordinal));

        Assert.Equal("image-pull-failure", ranked[0].RootCause);
        // containerd's "failed to resolve reference" also matches a signature written for urllib3's "Failed to
        // resolve": that root cause may be suggested, but the input shows Kubernetes and never Python; an image named
        // after a product is no sign of that product either.
        Assert.All(ranked, hypothesis =>
        {
            Assert.Equal(["kubernetes"], hypothesis.Stacks);
        });
    }

    [Fact]
    public void A_python_traceback_is_still_labelled_python()
    {
        var ranked = Diagnose(PythonTraceback);

        var dns = ranked.Single(hypothesis => hypothesis.RootCause == "dns-resolution");
        Assert.Equal(["python"], dns.Stacks);
    }

    [Fact]
    public void Dozens_of_failed_ssh_logins_from_one_address_are_a_brute_force_attack()
    {
        var ranked = Diagnose(BruteForce(), expectBurst: true);

        Assert.Equal("ssh-brute-force", ranked[0].RootCause);
        Assert.True(ranked[0].Confidence >= 0.5, $"{ranked[0].Confidence:P0}");
        Assert.Contains(ranked[0].Evidence, line => line.Message.StartsWith("10+ failed logins from 203.0.113.7 within 5 min", StringComparison.Ordinal));
        // sshd is the host's login service; a user name it prints ("Invalid user postgres") names no platform.
        Assert.All(ranked, hypothesis => Assert.Equal(["linux"], hypothesis.Stacks));
    }

    [Fact]
    public async Task The_assistant_diagnosing_the_logs_as_they_are_read_finds_the_brute_force_too()
    {
        var assistant = new Assistant(new LogAnalysisAgent(), Agent);

        var answer = await assistant.AnswerAsync(AgentRequest.ForLogs([new LogDocument("auth.log", BruteForce())]), FeedbackHistory.Empty, ReceivedAt, CancellationToken.None);

        Assert.Equal("ssh-brute-force", answer.Suggestions[0].RootCause);
    }

    /// <summary>24 attempts in 96 seconds from one address, each an sshd "Invalid user", a PAM authentication failure
    /// and a "Failed password", trying 8 user names.</summary>
    private static string BruteForce()
    {
        var users = new[] { "admin", "test", "oracle", "ubuntu", "guest", "postgres", "support", "ftpuser" };
        var log = new StringBuilder();
        for (var attempt = 0; attempt < 24; attempt++)
        {
            var at = new DateTime(2026, 12, 2, 3, 14, 0).AddSeconds(attempt * 4).ToString("MMM d HH:mm:ss", CultureInfo.InvariantCulture);
            var (user, port, pid) = (users[attempt % users.Length], 52000 + (attempt * 7), 31000 + (attempt * 3));
            log.AppendLine(CultureInfo.InvariantCulture, $"{at} bastion sshd[{pid}]: Invalid user {user} from 203.0.113.7 port {port}");
            log.AppendLine(CultureInfo.InvariantCulture, $"{at} bastion sshd[{pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7");
            log.AppendLine(CultureInfo.InvariantCulture, $"{at} bastion sshd[{pid}]: Failed password for invalid user {user} from 203.0.113.7 port {port} ssh2");
        }

        return log.ToString();
    }

    [Fact]
    public void A_users_few_failed_passwords_stay_an_authentication_failure()
    {
        const string log = """
            Dec  2 09:41:10 web-2 sshd[4410]: Failed password for alice from 10.20.0.15 port 50522 ssh2
            Dec  2 09:41:16 web-2 sshd[4410]: Failed password for alice from 10.20.0.15 port 50522 ssh2
            Dec  2 09:41:25 web-2 sshd[4410]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.20.0.15  user=alice
            Dec  2 09:41:31 web-2 sshd[4410]: Failed password for alice from 10.20.0.15 port 50522 ssh2
            Dec  2 09:42:02 web-2 sshd[4419]: Accepted password for alice from 10.20.0.15 port 50530 ssh2
            """;

        var ranked = Diagnose(log);

        Assert.Equal("authentication-failure", ranked[0].RootCause);
        Assert.DoesNotContain(ranked, hypothesis => hypothesis.RootCause == "ssh-brute-force");
    }

    [Fact]
    public void A_client_retrying_a_rotated_database_password_is_no_attack_though_it_fails_as_often()
    {
        var log = new StringBuilder();
        for (var retry = 0; retry < 15; retry++)
        {
            log.AppendLine(CultureInfo.InvariantCulture, $"2026-12-02T09:00:{retry * 4:00}Z ERROR etl: connect failed: ERROR 1045 (28000): Access denied for user 'etl'@'10.0.4.2' (using password: YES)");
        }

        var ranked = Diagnose(log.ToString(), expectBurst: true);

        Assert.Equal("authentication-failure", ranked[0].RootCause);
        Assert.DoesNotContain(ranked, hypothesis => hypothesis.RootCause == "ssh-brute-force");
    }

    /// <param name="expectBurst">Whether the input must raise an auth-failure-burst finding, so that a test about
    /// what the finding means cannot pass because the detector missed it.</param>
    private static IReadOnlyList<Hypothesis> Diagnose(string log, bool expectBurst = false)
    {
        var analysis = new LogAnalysisAgent().Analyze([new LogDocument("input.log", log)], ReceivedAt);
        if (expectBurst)
        {
            Assert.Contains(analysis.Findings, finding => finding.Kind == AuthFailureBurstDetector.Kind);
        }

        var ranked = Agent.Diagnose(analysis.Events, analysis.Findings, FeedbackHistory.Empty);
        Assert.NotEmpty(ranked);
        return ranked;
    }
}
