using FaultMaven.Testing.Processes;

namespace FaultMaven.Api.Tests;

/// <summary>An installed program a test started (prometheus, alertmanager) and the folder of its configuration and data, both gone on dispose.</summary>
public sealed class RunningProgram(ServiceProcess process, string folder) : IAsyncDisposable
{
    private bool disposed;

    public string Output => process.Output;

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await process.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
