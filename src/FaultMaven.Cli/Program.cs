using System.Runtime.InteropServices;
using FaultMaven.Cli;
using Spectre.Console.Cli;

// SIGINT or SIGTERM asks the running command to stop cleanly (fm push finishes the records it sent and saves its
// checkpoint); a second signal, or a command still running after the grace period, stops fm at once.
using var interruption = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
void Interrupt(PosixSignalContext context)
{
    if (interruption.IsCancellationRequested)
    {
        return;
    }

    context.Cancel = true;
    Console.Error.WriteLine($"interrupted ({context.Signal}): stopping; a second signal stops at once");
    interruption.Cancel();
    _ = Task.Delay(CliErrors.InterruptGrace).ContinueWith(_ => Environment.Exit(CliErrors.Interrupted), TaskScheduler.Default);
}

var app = new CommandApp();
app.Configure(config =>
{
    FmCommands.Configure(config);
    config.SetExceptionHandler((exception, _) => CliErrors.Report(exception, args, Console.Error));
});
if (CliErrors.MissingValue(args) is { } missing)
{
    await Console.Error.WriteLineAsync($"error: {missing}");
    return CliErrors.Usage;
}

return await app.RunAsync(args, interruption.Token);
