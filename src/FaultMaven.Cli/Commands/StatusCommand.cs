using System.ComponentModel;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

[Description("Shows whether the broker and PostgreSQL answer, how far behind each pipeline consumer group is, and records the broker dropped before a group read them.")]
public sealed class StatusCommand : AsyncCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Load();
        var kafka = configuration.Bind<KafkaOptions>(KafkaOptions.Section);
        var postgres = configuration.Bind<PostgresOptions>(PostgresOptions.SectionName);

        // Group names are long and unbroken: their column never wraps, the details do (80 columns must do).
        var table = new Table().AddColumn("component", column => column.NoWrap()).AddColumns("status", "detail");
        var broker = string.IsNullOrWhiteSpace(kafka.Value.BootstrapServers)
            ? HealthCheckResult.Unhealthy(CliConfiguration.NotSet($"{KafkaOptions.Section}:BootstrapServers"))
            : await new BrokerHealthCheck(kafka).CheckHealthAsync(new HealthCheckContext(), cancellationToken);
        table.AddRow("broker", Status(broker.Status), Markup.Escape(broker.Description ?? broker.Exception?.Message ?? ""));
        var database = string.IsNullOrWhiteSpace(postgres.Value.ConnectionString)
            ? HealthCheckResult.Unhealthy(CliConfiguration.NotSet($"{PostgresOptions.SectionName}:ConnectionString"))
            : await PostgresHealthCheck.CheckAsync(postgres.Value.ConnectionString, cancellationToken);
        table.AddRow("postgres", Status(database.Status), Markup.Escape(database.Description ?? database.Exception?.Message ?? ""));

        var lag = LagReading.Empty;
        if (broker.Status == HealthStatus.Healthy)
        {
            var flowControl = configuration.Bind<FlowControlOptions>(FlowControlOptions.Section).Value;
            using var reader = new ConsumerLagReader(kafka.Value);
            lag = reader.Read(Timeout);
            foreach (var group in lag.Partitions.GroupBy(p => (p.Group, p.Topic)))
            {
                table.AddRow(Markup.Escape(group.Key.Group), GroupStatus(group.ToList()), Markup.Escape(LagDetail(group.Key.Topic, group.ToList(), flowControl)));
            }
        }

        AnsiConsole.Write(table);

        // Also outside the table, whole and unwrapped, for scripts and narrow terminals.
        foreach (var lost in lag.Partitions.Where(p => p.Lost > 0))
        {
            Console.WriteLine($"lost {lost.Lost} records on {lost}: the broker dropped offsets {lost.Position}..{lost.Low - 1} before group {lost.Group} read them");
        }

        return broker.Status == HealthStatus.Healthy && database.Status == HealthStatus.Healthy ? 0 : 1;
    }

    /// <summary>Lost records first, because a broker that dropped unread records is the one thing an operator must not miss.</summary>
    private static string GroupStatus(IReadOnlyList<PartitionLag> partitions)
    {
        var lost = partitions.Where(p => p.Lost > 0).Select(p => $"lost {p.Lost} records on {p}").ToList();
        if (lost.Count > 0)
        {
            return $"[red]{Markup.Escape(string.Join(", ", lost))}[/]";
        }

        var lag = partitions.Sum(p => p.Lag);
        return lag == 0 ? "[green]caught up[/]" : $"[yellow]lag {lag}[/]";
    }

    private static string LagDetail(string topic, IReadOnlyList<PartitionLag> partitions, FlowControlOptions flowControl)
    {
        var busiest = partitions.MaxBy(p => p.Lag);
        var limit = flowControl.LimitFor(topic) is { } records ? $"flow-control limit {records}/partition" : "no flow-control limit";
        return busiest is null || busiest.Lag == 0
            ? $"reads {topic} ({limit})"
            : $"reads {topic}; at most {busiest.Lag} behind on {busiest} ({limit})";
    }

    private static string Status(HealthStatus status) => status == HealthStatus.Healthy ? "[green]ok[/]" : "[red]unavailable[/]";
}
