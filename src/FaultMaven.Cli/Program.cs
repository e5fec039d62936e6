using FaultMaven.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(FmCommands.Configure);
return await app.RunAsync(args);
