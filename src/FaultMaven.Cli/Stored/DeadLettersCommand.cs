using System.ComponentModel;
using FaultMaven.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Stored;

/// <summary><c>fm deadletters</c>: the records that could not become rows, newest first, with the step that refused each and why.</summary>
[Description("Lists dead letters (records that could not become rows: undecodable bytes, text PostgreSQL refuses, a failed step, and runs of records the broker dropped before they were read, step broker), newest first, with the step and the reason: --source, --step, --from/--to; --json adds each record's bytes (base64) and how many records it stands for.")]
public sealed class DeadLettersCommand : StoredDataCommand<DeadLettersCommand.Settings>
{
    public DeadLettersCommand()
        : base(StoredDataTerminal.Default)
    {
    }

    internal DeadLettersCommand(StoredDataTerminal terminal)
        : base(terminal)
    {
    }

    public sealed class Settings : StoredListSettings
    {
        [CommandOption("--step <STEP>")]
        [Description("Only dead letters of this step, e.g. normalize, sink-logs, or broker (records the broker dropped).")]
        public string? Step { get; init; }

        public override bool Narrowed => base.Narrowed || Step is not null;

        /// <summary>The query these options ask for.</summary>
        public DeadLetterQuery Query() => Paged(new DeadLetterQuery { Source = Source, Step = Step });
    }

    protected override async Task<int> ReadAsync(IServiceProvider storage, Settings settings, CancellationToken cancellationToken)
    {
        var page = await storage.GetRequiredService<DeadLetterRepository>().ListAsync(settings.Query(), cancellationToken);
        WritePage(page, settings, DeadLetterResponse.From, Table, "dead letters", "every record pushed so far became rows.");
        return 0;
    }

    /// <summary>One line per dead letter, its reason whole on the lines under it: the reason is what the list is read for.</summary>
    private static FittedTable Table(IReadOnlyList<StoredDeadLetter> deadLetters)
    {
        var table = new FittedTable(new FittedColumn("failed (UTC)", 19), new FittedColumn("step", 10), new FittedColumn("source"), new FittedColumn("raw record", 22))
        {
            Detail = "reason",
        };
        foreach (var (_, deadLetter) in deadLetters)
        {
            table.AddRow(
                deadLetter.Reason,
                (FittedTable.Utc(deadLetter.FailedAt, "yyyy-MM-dd HH:mm:ss"), Style.Plain),
                (deadLetter.Step, Style.Plain),
                (deadLetter.Source ?? "", Style.Plain),
                (deadLetter.Position, Style.Plain));
        }

        return table;
    }
}
