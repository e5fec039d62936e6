using FaultMaven.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("fm");
    config.AddCommand<MigrateCommand>("migrate");
    config.AddCommand<StatusCommand>("status");
    config.AddCommand<TemplatesCommand>("templates");
    config.AddCommand<DetectCommand>("detect");
    config.AddCommand<AnalyzeCommand>("analyze");
});
return await app.RunAsync(args);
