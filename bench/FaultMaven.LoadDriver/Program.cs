using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using FaultMaven.LoadDriver;

// It reads /proc and starts PostgreSQL through bash scripts.
[assembly: SupportedOSPlatform("linux")]

// The end-to-end load driver (bench/README.md): exit 0 when every pushed line is accounted for, 1 when not, 2 on a usage or start-up error, 130 when interrupted.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync($"faultmaven-loaddriver: {exception.Message}\n{LoadOptions.Usage}");
    return 2;
}

static void Log(string message) => Console.Error.WriteLine($"==> {DateTime.UtcNow:HH:mm:ss} {message}");

// Ctrl-C or SIGTERM, while the system starts, during the run or while --keep waits: stop everything this driver started
// before exiting. Registered before anything starts: a signal's default action would leave PostgreSQL, the broker and
// the worker running without their owner.
var interrupted = new TaskCompletionSource();
using var interruption = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    interrupted.TrySetResult();
    interruption.Cancel();
}

SystemUnderTest system;
try
{
    system = await SystemUnderTest.StartAsync(options.Partitions, Log, interruption.Token);
}
catch (OperationCanceledException) when (interruption.IsCancellationRequested)
{
    Log("interrupted while starting; what had started is stopped");
    return 130;
}
catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or FileNotFoundException)
{
    await Console.Error.WriteLineAsync($"faultmaven-loaddriver: the system did not start: {exception.Message}");
    return 2;
}

try
{
    var command = "dotnet run -c Release --project bench/FaultMaven.LoadDriver -- " + string.Join(' ', args);
    var run = new LoadRun(options, command, Log).RunAsync(system);
    if (await Task.WhenAny(run, interrupted.Task) != run)
    {
        Log("interrupted; stopping");
        return 130;
    }

    var report = await run;
    var markdown = report.ToMarkdown();
    Console.WriteLine(markdown);
    if (options.Append is { } file)
    {
        await File.AppendAllTextAsync(file, "\n" + markdown);
        Log($"appended the report to {file}");
    }

    if (options.Keep)
    {
        Console.WriteLine($"""
            Kept running (Ctrl-C stops everything; the folder {system.Folder} is kept):
              PostgreSQL  {system.PostgresConnectionString}
              Kafka       {system.Kafka.BootstrapServers}
              worker      {system.WorkerUrl}  (/metrics)
            """);
        await interrupted.Task;
    }

    return report.IdentityHolds ? 0 : 1;
}
finally
{
    await system.StopAsync(deleteFolder: !options.Keep);
}
