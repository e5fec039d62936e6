using FaultMaven.ServiceDefaults;

namespace FaultMaven.Worker.Tests;

/// <summary>How a service's end becomes its exit code: a supervisor restarts on non-zero, and an abort (134) hides the reason.</summary>
public sealed class ServiceHostTests
{
    [Fact]
    public async Task A_stop_cancelled_at_the_shutdown_deadline_exits_1_instead_of_aborting_the_process() =>
        Assert.Equal(1, await ServiceHost.RunAsync(() => Task.FromException(new TaskCanceledException("the host's shutdown timed out"))));

    [Fact]
    public async Task An_unhandled_error_exits_1() =>
        Assert.Equal(1, await ServiceHost.RunAsync(() => Task.FromException(new InvalidOperationException("boom"))));
}
