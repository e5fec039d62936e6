using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("fm");
    config.AddCommand<FaultMaven.Cli.Commands.TemplatesCommand>("templates");
    config.AddCommand<FaultMaven.Cli.Commands.DetectCommand>("detect");
});
return await app.RunAsync(args);
