using FaultMaven.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("fm");
    config.AddCommand<MigrateCommand>("migrate");
    config.AddCommand<StatusCommand>("status");
    config.AddCommand<PushCommand>("push");
    config.AddCommand<TemplatesCommand>("templates");
    config.AddCommand<DetectCommand>("detect");
    config.AddCommand<AnalyzeCommand>("analyze");
    config.AddBranch("keys", keys => { keys.AddCommand<KeysRotateCommand>("rotate"); keys.AddCommand<KeysStatusCommand>("status"); });
    config.AddBranch("audit", audit => { audit.AddCommand<AuditVerifyCommand>("verify"); audit.AddCommand<AuditListCommand>("list"); });
});
return await app.RunAsync(args);
