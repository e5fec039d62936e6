using FaultMaven.Cli;
using Spectre.Console.Cli;

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

return await app.RunAsync(args);
