using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Contracts;
using static FaultMaven.Analysis.Tests.Anomaly.SyntheticEvents;

namespace FaultMaven.Analysis.Tests.Anomaly;

public sealed class AuthFailureBurstDetectorTests
{
    private static readonly AuthFailureBurstOptions Options = new(TimeSpan.FromMinutes(5), Threshold: 5);

    private static TemplatedEvent Failure(int second, string address, string user = "admin") =>
        At(TimeSpan.FromSeconds(second), 7, Severity.Unknown, source: "auth.log", message: $"Failed password for invalid user {user} from {address} port {40000 + second} ssh2");

    [Fact]
    public void Many_failed_logins_from_one_address_raise_one_finding_naming_the_address()
    {
        var findings = new AuthFailureBurstDetector(Options).Feed(Enumerable.Range(0, 12).Select(i => Failure(i * 10, "203.0.113.9", $"user{i}")));

        var finding = Assert.Single(findings);
        Assert.Equal(AuthFailureBurstDetector.Kind, finding.Kind);
        Assert.Contains("203.0.113.9", finding.Title);
        Assert.Equal(Severity.Warn, finding.Severity);
        Assert.Equal(3, finding.Examples.Count);
    }

    [Fact]
    public void The_same_number_of_failures_spread_over_many_addresses_is_no_burst()
    {
        var findings = new AuthFailureBurstDetector(Options).Feed(Enumerable.Range(0, 12).Select(i => Failure(i * 10, $"198.51.100.{i}")));

        Assert.Empty(findings);
    }

    [Fact]
    public void Successful_logins_and_other_lines_are_not_counted()
    {
        var lines = Enumerable.Range(0, 12).Select(i =>
            At(TimeSpan.FromSeconds(i), 8, Severity.Info, source: "auth.log", message: $"Accepted publickey for deploy from 203.0.113.9 port {50000 + i} ssh2"));

        Assert.Empty(new AuthFailureBurstDetector(Options).Feed(lines));
    }

    [Fact]
    public void Postgres_password_failures_with_the_client_in_a_connection_line_count_by_address()
    {
        var lines = Enumerable.Range(0, 5).Select(i =>
            At(TimeSpan.FromSeconds(i), 9, Severity.Fatal, source: "db", message: $"password authentication failed for user \"app\" (client host=10.2.0.{7})"));

        Assert.Single(new AuthFailureBurstDetector(Options).Feed(lines));
    }
}
