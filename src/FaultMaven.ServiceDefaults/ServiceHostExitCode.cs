using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FaultMaven.ServiceDefaults;

/// <summary>
/// Sets exit code 1 when a background service has failed by the time the host has stopped: the host stops on such a
/// failure (<see cref="BackgroundServiceExceptionBehavior.StopHost"/>) but would otherwise exit 0, and a supervisor that
/// restarts failed processes would leave the service down. <see cref="ServiceHost.RunAsync"/> returns the code.
/// </summary>
internal sealed class ServiceHostExitCode(IServiceProvider services) : IHostedLifecycleService
{
    // Taken once the host has started: by the time it has stopped, a host being disposed (as test hosts are) may
    // already have disposed its service provider.
    private IReadOnlyList<BackgroundService> backgroundServices = [];

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        var failed = backgroundServices.Any(s => s.ExecuteTask is { IsFaulted: true });
        if (failed && Environment.ExitCode == 0)
        {
            Environment.ExitCode = 1;
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        backgroundServices = services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
