using FaultMaven.Cli.Commands;
using FaultMaven.Cli.Stored;
using Spectre.Console.Cli;

namespace FaultMaven.Cli;

/// <summary>Every <c>fm</c> command and its name: what <c>fm --help</c> lists, and what tests run in-process.</summary>
public static class FmCommands
{
    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("fm");
        // An unknown option is an error, not ignored: a mistyped filter (--sorce) must not widen what a command shows.
        config.UseStrictParsing();
        config.AddCommand<MigrateCommand>("migrate");
        config.AddCommand<StatusCommand>("status");
        config.AddCommand<PushCommand>("push");
        config.AddCommand<LogsCommand>("logs");
        config.AddCommand<FindingsCommand>("findings");
        config.AddCommand<DeadLettersCommand>("deadletters");
        config.AddBranch("incidents", incidents =>
        {
            incidents.SetDescription("Incidents: related findings of a source, grouped. fm incidents alone lists them, as fm incidents list does.");
            incidents.SetDefaultCommand<IncidentsCommand>();
            incidents.AddCommand<IncidentsCommand>("list");
            incidents.AddCommand<IncidentShowCommand>("show");
        });
        config.AddCommand<TemplatesCommand>("templates");
        config.AddCommand<DetectCommand>("detect");
        config.AddCommand<AnalyzeCommand>("analyze");
        config.AddBranch("keys", keys =>
        {
            keys.SetDescription("Encryption keys of the data at rest: which key seals what, and rotating to a new key.");
            keys.AddCommand<KeysRotateCommand>("rotate");
            keys.AddCommand<KeysStatusCommand>("status");
        });
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("The tamper-evident audit log: verify its hash chain, list entries.");
            audit.AddCommand<AuditVerifyCommand>("verify");
            audit.AddCommand<AuditHeadCommand>("head");
            audit.AddCommand<AuditListCommand>("list");
        });
        config.AddBranch("admin", admin =>
        {
            admin.SetDescription("Users, clients and roles of the embedded authorization server.");
            admin.AddCommand<AdminCreateUserCommand>("create-user");
            admin.AddCommand<AdminCreateClientCommand>("create-client");
            admin.AddCommand<AdminGrantCommand>("grant");
            admin.AddCommand<AdminRevokeCommand>("revoke");
            admin.AddCommand<AdminListCommand>("list");
        });
    }
}
