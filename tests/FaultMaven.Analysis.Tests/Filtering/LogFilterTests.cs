using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Filtering;

public sealed class LogFilterTests
{
    private static LogEvent Event(string message, Severity level = Severity.Info, string source = "app", long offset = 0, Dictionary<string, string>? attributes = null) =>
        new(DateTimeOffset.UnixEpoch, source, null, null, level, message, attributes ?? [], new RawOffset(Topics.Raw, 0, offset));

    private static Dictionary<string, string> Request(string path, string status, string agent = "curl/8.0") =>
        new() { ["http.path"] = path, ["http.status"] = status, ["http.user_agent"] = agent };

    [Fact]
    public void Events_below_the_minimum_level_are_dropped_but_unknown_levels_are_kept()
    {
        var filter = new LogFilter(new FilterOptions { Default = new FilterRule { MinimumLevel = Severity.Warn } });

        Assert.Equal(LogFilter.BelowMinimumLevel, filter.Evaluate(Event("x", Severity.Info)).DropReason);
        Assert.True(filter.Evaluate(Event("x", Severity.Error)).Kept);
        Assert.True(filter.Evaluate(Event("x", Severity.Unknown)).Kept);
    }

    [Fact]
    public void Include_and_exclude_patterns_apply_per_source()
    {
        var filter = new LogFilter(new FilterOptions
        {
            BySource = new Dictionary<string, FilterRule>
            {
                ["payments"] = new() { Include = ["(?i)payment|refund"], Exclude = ["refund test"] },
            },
        });

        Assert.True(filter.Evaluate(Event("Payment declined", source: "payments")).Kept);
        Assert.Equal(LogFilter.NotIncluded, filter.Evaluate(Event("cache warm", source: "payments")).DropReason);
        Assert.Equal(LogFilter.Excluded, filter.Evaluate(Event("refund test run", source: "payments")).DropReason);
        Assert.True(filter.Evaluate(Event("cache warm", source: "other")).Kept);
    }

    [Theory]
    [InlineData("/healthz", "200", "curl/8.0")]
    [InlineData("/api/v1/readyz", "204", "curl/8.0")]
    [InlineData("/actuator/health/liveness", "200", "curl/8.0")]
    [InlineData("/", "200", "kube-probe/1.29")]
    [InlineData("/status", "301", "ELB-HealthChecker/2.0")]
    public void Successful_health_checks_and_probes_are_dropped(string path, string status, string agent) =>
        Assert.Equal(LogFilter.HealthCheck, new LogFilter(new FilterOptions()).Evaluate(Event("GET", attributes: Request(path, status, agent))).DropReason);

    [Theory]
    [InlineData("/healthz", "503", "kube-probe/1.29")]
    [InlineData("/api/health-report", "200", "curl/8.0")]
    [InlineData("/orders", "200", "curl/8.0")]
    public void Failing_probes_and_ordinary_requests_are_kept(string path, string status, string agent) =>
        Assert.True(new LogFilter(new FilterOptions()).Evaluate(Event("GET", attributes: Request(path, status, agent))).Kept);

    [Fact]
    public void Debug_sampling_keeps_about_the_configured_fraction_and_the_same_events_every_time()
    {
        var filter = new LogFilter(new FilterOptions { Default = new FilterRule { DebugSampleRate = 0.1 } });
        var events = Enumerable.Range(0, 10_000).Select(i => Event("cache hit", Severity.Debug, offset: i)).ToList();

        var kept = events.Where(e => filter.Evaluate(e).Kept).Select(e => e.Raw.Offset).ToList();
        var keptAgain = events.Where(e => new LogFilter(new FilterOptions { Default = new FilterRule { DebugSampleRate = 0.1 } }).Evaluate(e).Kept).Select(e => e.Raw.Offset);

        Assert.InRange(kept.Count, 850, 1150);
        Assert.Equal(kept, keptAgain);
        Assert.True(filter.Evaluate(Event("cache hit", Severity.Info)).Kept);
    }
}
