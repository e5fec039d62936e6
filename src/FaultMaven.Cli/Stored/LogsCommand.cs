using System.ComponentModel;
using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Stored;

/// <summary><c>fm logs</c>: stored log rows, newest first, filtered as <c>GET /logs</c> filters them.</summary>
[Description("Lists stored log lines, newest first, filtered like GET /logs: --source, --level (at least), --from/--to; pages with --limit and --cursor. A line that came N times in a row is stored once and shown as (×N).")]
public sealed class LogsCommand : StoredDataCommand<LogsCommand.Settings>
{
    public LogsCommand()
        : base(StoredDataTerminal.Default)
    {
    }

    internal LogsCommand(StoredDataTerminal terminal)
        : base(terminal)
    {
    }

    public sealed class Settings : StoredListSettings
    {
        [CommandOption("--level <LEVEL>")]
        [Description("Only lines of at least this level: trace, debug, info, warn, error or fatal; syslog's, Python's and .NET's names too (warning, err, critical, ...).")]
        public string? Level { get; init; }

        public override bool Narrowed => base.Narrowed || Level is not null;

        /// <summary>The <c>GET /logs</c> query these options ask for.</summary>
        public LogQuery Query() => Paged(new LogQuery { Source = Source, MinimumLevel = SeverityOf(Level) });

        protected override IEnumerable<string> Problems() =>
            SeverityProblem("--level", Level) is { } problem ? base.Problems().Prepend(problem) : base.Problems();
    }

    protected override async Task<int> ReadAsync(IServiceProvider storage, Settings settings, CancellationToken cancellationToken)
    {
        var page = await storage.GetRequiredService<LogRepository>().QueryAsync(settings.Query(), cancellationToken);
        WritePage(page, settings, LogResponse.From, Table, "log lines", "send some with fm push FILE (see fm status for the pipeline's progress).");
        return 0;
    }

    private static FittedTable Table(IReadOnlyList<StoredLog> logs)
    {
        var table = new FittedTable(new FittedColumn("time (UTC)", 19), new FittedColumn("level", Severities.Width), new FittedColumn("source", 16), new FittedColumn("message"));
        foreach (var log in logs)
        {
            table.AddRow((FittedTable.Utc(log.Event.Timestamp, "yyyy-MM-dd HH:mm:ss"), Style.Plain), Severities.Cell(log.Event.Level), (log.Event.Source, Style.Plain), (Message(log.Event), Style.Plain));
        }

        return table;
    }

    /// <summary>The message, led by the repeat count when the collapser stored several lines as this one, so a cut message keeps it.</summary>
    private static string Message(LogEvent logEvent) =>
        RepeatCollapser.Occurrences(logEvent) is > 1 and var occurrences ? $"(×{occurrences}) {logEvent.Message}" : logEvent.Message;
}
