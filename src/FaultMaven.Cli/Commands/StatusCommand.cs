using System.ComponentModel;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

[Description("Shows whether the broker and PostgreSQL answer, how far behind each pipeline consumer group is, and records the broker dropped before a group read them: those it has not read past yet, and in total those stored as dead letters.")]
public sealed class StatusCommand : AsyncCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Load();
        var kafka = configuration.Bind<KafkaOptions>(KafkaOptions.Section);
        var postgres = configuration.Bind<PostgresOptions>(PostgresOptions.SectionName);

        // Two borderless grids rather than one table: the services' details are sentences that wrap at words, and the
        // long consumer group names would leave them a column too narrow to wrap anywhere but inside words.
        var services = Grid(new GridColumn().NoWrap(), new GridColumn().NoWrap(), new GridColumn()).AddRow(Header("component"), Header("status"), Header("detail"));
        var broker = string.IsNullOrWhiteSpace(kafka.Value.BootstrapServers)
            ? HealthCheckResult.Unhealthy(CliConfiguration.NotSet($"{KafkaOptions.Section}:BootstrapServers"))
            : await new BrokerHealthCheck(kafka).CheckHealthAsync(new HealthCheckContext(), cancellationToken);
        services.AddRow(new Text("broker"), Status(broker.Status), new Text(broker.Description ?? broker.Exception?.Message ?? ""));
        var database = string.IsNullOrWhiteSpace(postgres.Value.ConnectionString)
            ? HealthCheckResult.Unhealthy(CliConfiguration.NotSet($"{PostgresOptions.SectionName}:ConnectionString"))
            : await PostgresHealthCheck.CheckAsync(postgres.Value.ConnectionString, cancellationToken);
        services.AddRow(new Text("postgres"), Status(database.Status), new Text(database.Description ?? database.Exception?.Message ?? ""));
        AnsiConsole.Write(services);
        IReadOnlyList<BrokerLoss> lostBefore = [];
        if (database.Status == HealthStatus.Healthy)
        {
            // Records that could not become rows are kept, not lost; an operator should see that there are some.
            await using var dataSource = NpgsqlDataSource.Create(postgres.Value.ConnectionString);
            var deadLetters = await DeadLetterRepository.CountAsync(dataSource, cancellationToken);
            var records = deadLetters.Records == deadLetters.Count ? "" : $" for {deadLetters.Records} records";
            Console.WriteLine(deadLetters.Latest is { } latest
                ? $"dead letters: {deadLetters.Count} stored{records}, the latest at {latest:u} (fm deadletters lists them with their reasons)"
                : "dead letters: none");
            // Once a group has read past records the broker dropped, the watermarks no longer show them: the stored gaps do.
            lostBefore = await DeadLetterRepository.LostToBrokerAsync(dataSource, cancellationToken);
            foreach (var loss in lostBefore)
            {
                Console.WriteLine($"lost to the broker: {loss.Records} records of {loss.Topic} in {loss.Gaps} {(loss.Gaps == 1 ? "gap" : "gaps")}, the latest found at {loss.Latest:u}: dropped before the worker read them (fm deadletters --step {DeadLetter.BrokerStep})");
            }
        }

        var lag = LagReading.Empty;
        if (broker.Status == HealthStatus.Healthy)
        {
            var flowControl = configuration.Bind<FlowControlOptions>(FlowControlOptions.Section).Value;
            using var reader = new ConsumerLagReader(kafka.Value);
            lag = reader.Read(Timeout);
            // The flow-control limit is per partition, in records; the lag column comes last, where a long reading may wrap.
            var groups = Grid(new GridColumn().NoWrap(), new GridColumn().NoWrap(), new GridColumn().RightAligned().NoWrap(), new GridColumn())
                .AddRow(Header("consumer group"), Header("reads"), Header("limit"), Header("lag"));
            foreach (var group in lag.Partitions.GroupBy(p => (p.Group, p.Topic)))
            {
                var limit = flowControl.LimitFor(group.Key.Topic) is { } records ? $"{records}" : "none";
                var lostEarlier = lostBefore.Where(loss => loss.Topic == group.Key.Topic).Sum(loss => loss.Records);
                groups.AddRow(new Text(group.Key.Group), new Text(group.Key.Topic), new Text(limit), GroupLag(group.ToList(), lostEarlier));
            }

            AnsiConsole.WriteLine();
            AnsiConsole.Write(groups);
        }

        // Also outside the table, whole and unwrapped, for scripts and narrow terminals.
        foreach (var lost in lag.Partitions.Where(p => p.Lost > 0))
        {
            Console.WriteLine($"lost {lost.Lost} records on {lost}: the broker dropped offsets {lost.Position}..{lost.Low - 1} before group {lost.Group} read them");
        }

        return broker.Status == HealthStatus.Healthy && database.Status == HealthStatus.Healthy ? 0 : 1;
    }

    /// <summary>
    /// Lost records first, because a broker that dropped unread records is the one thing an operator must not miss; a
    /// group that caught up after losing records (<paramref name="lostEarlier"/>, from the stored gaps) says so too.
    /// </summary>
    private static Text GroupLag(IReadOnlyList<PartitionLag> partitions, long lostEarlier)
    {
        var lost = partitions.Where(p => p.Lost > 0).Select(p => $"lost {p.Lost} records on {p}").ToList();
        if (lost.Count > 0)
        {
            return new Text(string.Join(", ", lost), new Style(Color.Red));
        }

        var behind = partitions.Where(p => p.Lag > 0).OrderByDescending(p => p.Lag).ToList();
        return behind switch
        {
            [] when lostEarlier > 0 => new Text($"caught up; {lostEarlier} records lost to the broker before", new Style(Color.Red)),
            [] => new Text("caught up", new Style(Color.Green)),
            [var only] => new Text($"{only.Lag} on partition {only.Partition}", new Style(Color.Yellow)),
            [var most, ..] => new Text($"{behind.Sum(p => p.Lag)}, most ({most.Lag}) on partition {most.Partition}", new Style(Color.Yellow)),
        };
    }

    private static Grid Grid(params GridColumn[] columns)
    {
        var grid = new Grid();
        foreach (var column in columns)
        {
            grid.AddColumn(column.PadLeft(0).PadRight(2));
        }

        return grid;
    }

    private static Text Header(string text) => new(text, new Style(decoration: Decoration.Bold));

    private static Text Status(HealthStatus status) =>
        status == HealthStatus.Healthy ? new Text("ok", new Style(Color.Green)) : new Text("unavailable", new Style(Color.Red));
}
