using System.ComponentModel;
using System.Globalization;
using FaultMaven.Analysis.Detection;
using FaultMaven.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Stored;

/// <summary><c>fm findings</c>: stored findings, latest window first, filtered as <c>GET /findings</c> filters them.</summary>
[Description("Lists stored findings (what the detectors raised), latest window first, filtered like GET /findings: --kind, --severity (at least), --source, --from/--to (window end).")]
public sealed class FindingsCommand : StoredDataCommand<FindingsCommand.Settings>
{
    public FindingsCommand()
        : base(StoredDataTerminal.Default)
    {
    }

    internal FindingsCommand(StoredDataTerminal terminal)
        : base(terminal)
    {
    }

    public sealed class Settings : StoredListSettings
    {
        [CommandOption("--kind <KIND>")]
        [Description("Only findings of this kind, e.g. error-burst or new-template; a kind that does not exist is answered with the list of kinds.")]
        public string? Kind { get; init; }

        [CommandOption("--severity <LEVEL>")]
        [Description("Only findings of at least this severity, e.g. warn or error (or warning, err, critical, ... as syslog, Python and .NET name them).")]
        public string? Severity { get; init; }

        public override bool Narrowed => base.Narrowed || Kind is not null || Severity is not null;

        /// <summary>The <c>GET /findings</c> query these options ask for.</summary>
        public FindingQuery Query() => Paged(new FindingQuery { Source = Source, Kind = Kind, MinimumSeverity = SeverityOf(Severity) });

        protected override IEnumerable<string> Problems()
        {
            if (Kind is not null && !FindingKinds.All.Contains(Kind, StringComparer.Ordinal))
            {
                // The API's words for the same mistake (GET /findings?kind=...).
                yield return $"--kind '{Kind}' is not a kind; use one of {string.Join(", ", FindingKinds.All)}";
            }

            if (SeverityProblem("--severity", Severity) is { } severity)
            {
                yield return severity;
            }

            foreach (var problem in base.Problems())
            {
                yield return problem;
            }
        }
    }

    protected override async Task<int> ReadAsync(IServiceProvider storage, Settings settings, CancellationToken cancellationToken)
    {
        var page = await storage.GetRequiredService<FindingRepository>().ListAsync(settings.Query(), cancellationToken);
        WritePage(page, settings, FindingResponse.From, found => Table(found.Select(FindingResponse.From)), "findings",
            "the detectors raise them from the lines fm push sends (an error burst: 5 ERROR lines of a source within a minute).");
        return 0;
    }

    /// <summary>Findings as a table: when (window start and length), kind, severity, source, and the title that summarizes them.</summary>
    public static FittedTable Table(IEnumerable<FindingResponse> findings)
    {
        var table = new FittedTable(new FittedColumn("window (UTC)", 17), new FittedColumn("kind", 19), new FittedColumn("severity", 8), new FittedColumn("source", 14), new FittedColumn("summary"));
        foreach (var finding in findings)
        {
            var window = $"{FittedTable.Utc(finding.WindowStart, "MM-dd HH:mm")} {Length(finding.WindowEnd - finding.WindowStart)}";
            table.AddRow((window, Style.Plain), (finding.Kind, Style.Plain), Severities.Cell(finding.Severity), (finding.Source, Style.Plain), (finding.Title, Style.Plain));
        }

        return table;
    }

    /// <summary>A window's length in its largest whole unit: 45s, 5m, 2h, 3d.</summary>
    private static string Length(TimeSpan length) => length switch
    {
        { TotalSeconds: < 120 } => $"{Math.Max(0, (int)length.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s",
        { TotalMinutes: < 120 } => $"{((int)length.TotalMinutes).ToString(CultureInfo.InvariantCulture)}m",
        { TotalHours: < 48 } => $"{((int)length.TotalHours).ToString(CultureInfo.InvariantCulture)}h",
        _ => $"{((int)length.TotalDays).ToString(CultureInfo.InvariantCulture)}d",
    };
}
