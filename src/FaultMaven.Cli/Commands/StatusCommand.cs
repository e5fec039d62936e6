using System.ComponentModel;
using FaultMaven.Pipeline;
using FaultMaven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

[Description("Shows whether the broker and PostgreSQL answer, and how far behind each pipeline consumer group is.")]
public sealed class StatusCommand : AsyncCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Load();
        var kafka = configuration.Bind<KafkaOptions>(KafkaOptions.Section);
        var postgres = configuration.Bind<PostgresOptions>(PostgresOptions.SectionName);

        var table = new Table().AddColumns("component", "status", "detail");
        var broker = await new BrokerHealthCheck(kafka).CheckHealthAsync(new HealthCheckContext(), cancellationToken);
        table.AddRow("broker", Status(broker.Status), Markup.Escape(broker.Description ?? broker.Exception?.Message ?? ""));
        var database = await PostgresHealthCheck.CheckAsync(postgres.Value.ConnectionString, cancellationToken);
        table.AddRow("postgres", Status(database.Status), Markup.Escape(database.Description ?? database.Exception?.Message ?? ""));

        if (broker.Status == HealthStatus.Healthy)
        {
            foreach (var (group, topic) in ConsumerGroups.All(kafka.Value))
            {
                var lag = ConsumerGroups.Lag(kafka.Value, group, topic, Timeout);
                table.AddRow($"group {Markup.Escape(group)}", lag == 0 ? "[green]caught up[/]" : $"[yellow]lag {lag}[/]", $"reads {Markup.Escape(topic)}");
            }
        }

        AnsiConsole.Write(table);
        return broker.Status == HealthStatus.Healthy && database.Status == HealthStatus.Healthy ? 0 : 1;
    }

    private static string Status(HealthStatus status) => status == HealthStatus.Healthy ? "[green]ok[/]" : "[red]unavailable[/]";
}
