using System.Text.RegularExpressions;
using FaultMaven.Analysis.Anomaly.Sessions;
using static FaultMaven.Analysis.Tests.Anomaly.SyntheticEvents;

namespace FaultMaven.Analysis.Tests.Anomaly;

public class SessionGroupingTests
{
    [Fact]
    public void Events_are_counted_per_template_in_every_session_they_name()
    {
        var grouper = new SessionGrouper(new Regex(@"req-\d+"));
        grouper.Add(At(TimeSpan.Zero, 1, message: "start req-1"));
        grouper.Add(At(TimeSpan.FromSeconds(1), 1, message: "start req-2"));
        grouper.Add(At(TimeSpan.FromSeconds(2), 2, message: "req-1 waits for req-2 and req-2 again"));
        grouper.Add(At(TimeSpan.FromSeconds(3), 3, message: "no session here"));

        var sessions = grouper.Build();

        Assert.Equal(["req-1", "req-2"], sessions.Select(session => session.Key));
        Assert.Equal(new Dictionary<int, int> { [1] = 1, [2] = 1 }, sessions[1].Counts);
        Assert.Equal(TimeSpan.FromSeconds(2), sessions[0].End - sessions[0].Start);
        Assert.Equal(2, sessions[0].Evidence.Count);
    }

    [Fact]
    public void Fixed_windows_are_aligned_and_kept_apart_per_service()
    {
        var grouper = new TimeWindowGrouper(TimeSpan.FromMinutes(5));
        grouper.Add(At(TimeSpan.FromMinutes(1), 1, service: "api"));
        grouper.Add(At(TimeSpan.FromMinutes(4), 1, service: "api"));
        grouper.Add(At(TimeSpan.FromMinutes(6), 1, service: "api"));
        grouper.Add(At(TimeSpan.FromMinutes(2), 1, service: "db"));

        var windows = grouper.Build();

        Assert.Equal(
            ["api@2025-03-03T00:00:00.0000000+00:00", "api@2025-03-03T00:05:00.0000000+00:00", "db@2025-03-03T00:00:00.0000000+00:00"],
            windows.Select(window => window.Key));
        Assert.Equal(2, windows[0].Counts[1]);
    }
}
