using System.ComponentModel;
using System.Globalization;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Stored;

/// <summary><c>fm incidents</c>: incidents, most recently active first, filtered as <c>GET /incidents</c> filters them.</summary>
[Description("Lists incidents (related findings of a source, grouped), most recently active first, filtered like GET /incidents: --status, --source, --from/--to (last activity).")]
public sealed class IncidentsCommand : StoredDataCommand<IncidentsCommand.Settings>
{
    public IncidentsCommand()
        : base(StoredDataTerminal.Default)
    {
    }

    internal IncidentsCommand(StoredDataTerminal terminal)
        : base(terminal)
    {
    }

    public sealed class Settings : StoredListSettings
    {
        [CommandOption("--status <STATUS>")]
        [Description("Only open or only resolved incidents.")]
        public string? Status { get; init; }

        public override bool Narrowed => base.Narrowed || Status is not null;

        /// <summary>The <c>GET /incidents</c> query these options ask for.</summary>
        public IncidentQuery Query() => Paged(new IncidentQuery { Source = Source, Status = Status });

        protected override IEnumerable<string> Problems() =>
            Status is null or "open" or "resolved" ? base.Problems() : base.Problems().Prepend($"--status '{Status}' is not a status; use open or resolved");
    }

    protected override async Task<int> ReadAsync(IServiceProvider storage, Settings settings, CancellationToken cancellationToken)
    {
        var page = await storage.GetRequiredService<IncidentRepository>().ListAsync(settings.Query(), cancellationToken);
        WritePage(page, settings, incident => incident, Table, "incidents", "findings are grouped into incidents as the detectors raise them (see fm findings).");
        return 0;
    }

    private static FittedTable Table(IReadOnlyList<StoredIncident> incidents)
    {
        var table = new FittedTable(
            new FittedColumn("id", 24), new FittedColumn("state", 8), new FittedColumn("findings", 8, Justify.Right), new FittedColumn("seen (UTC)", 23), new FittedColumn("title"));
        foreach (var incident in incidents)
        {
            table.AddRow(incident.Id, incident.Status, incident.FindingCount.ToString(CultureInfo.InvariantCulture), Seen(incident), incident.Title);
        }

        return table;
    }

    /// <summary>First to last activity, the day written once when both fall on it: <c>12-01 06:38–07:10</c>.</summary>
    private static string Seen(StoredIncident incident) =>
        incident.OpenedAt.UtcDateTime.Date == incident.LastActivityAt.UtcDateTime.Date
            ? $"{FittedTable.Utc(incident.OpenedAt, "MM-dd HH:mm")}–{FittedTable.Utc(incident.LastActivityAt, "HH:mm")}"
            : $"{FittedTable.Utc(incident.OpenedAt, "MM-dd HH:mm")}–{FittedTable.Utc(incident.LastActivityAt, "MM-dd HH:mm")}";
}

/// <summary>
/// <c>fm incidents show ID</c>: one incident with its findings and resolution, as <c>GET /incidents/{id}</c> reads it, and
/// the root causes people reported trying on it (<c>POST /feedback</c>). Suggested root causes are not stored (the API's
/// <c>/suggestions</c> ranks them when asked), so only those tried can be shown.
/// </summary>
[Description("Shows one incident: its state, first and last activity, resolution, the findings grouped into it, and the root causes reported tried on it.")]
public sealed class IncidentShowCommand : StoredDataCommand<IncidentShowCommand.Settings>
{
    public IncidentShowCommand()
        : base(StoredDataTerminal.Default)
    {
    }

    internal IncidentShowCommand(StoredDataTerminal terminal)
        : base(terminal)
    {
    }

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("The incident's id, as fm incidents lists it, e.g. inc-0123abcd4567ef89.")]
        public string Id { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print the incident as JSON: GET /incidents/{id}'s {\"incident\": {...}, \"findings\": [[...]]} and \"feedback\": [[...]], the root causes tried.")]
        public bool Json { get; init; }
    }

    protected override async Task<int> ReadAsync(IServiceProvider storage, Settings settings, CancellationToken cancellationToken)
    {
        var read = await IncidentResponse.ReadAsync(
            settings.Id, storage.GetRequiredService<IncidentRepository>(), storage.GetRequiredService<FindingRepository>(), SourceScope.Everything, cancellationToken);
        if (read is null)
        {
            return Fail($"no incident has id '{settings.Id}' (fm incidents lists them)");
        }

        var feedback = await storage.GetRequiredService<FeedbackRepository>().ForIncidentAsync(settings.Id, cancellationToken);
        if (settings.Json)
        {
            WriteJson(new IncidentShowJson(read.Incident, read.Findings, feedback));
            return 0;
        }

        var incident = read.Incident;
        var facts = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        Fact(facts, "title", incident.Title);
        Fact(facts, "state", $"{incident.Status}, {SeverityNames.Of(incident.Severity)}");
        Fact(facts, "source", incident.Service is null ? incident.Source ?? "-" : $"{incident.Source} (service {incident.Service})");
        Fact(facts, "first seen", $"{FittedTable.Utc(incident.OpenedAt, "yyyy-MM-dd HH:mm:ss")} UTC");
        Fact(facts, "last seen", $"{FittedTable.Utc(incident.LastActivityAt, "yyyy-MM-dd HH:mm:ss")} UTC");
        Fact(facts, "findings", incident.FindingCount.ToString(CultureInfo.InvariantCulture));
        Fact(facts, "resolution", incident.ResolvedAt is { } resolved
            ? $"{FittedTable.Utc(resolved, "yyyy-MM-dd HH:mm:ss")} UTC: {incident.Resolution}"
            : "not resolved yet (POST /incidents/{id}/resolve records what resolved it)");

        Console.Write(new Rule($"[bold]{Markup.Escape(ControlCharacters.Escape(incident.Id))}[/]").LeftJustified());
        Console.Write(facts);
        Console.WriteLine();
        Console.Write(FindingsCommand.Table(read.Findings).Build(Console.Profile.Width));
        Console.WriteLine();
        if (feedback.Count == 0)
        {
            Console.WriteLine("No root cause has been reported as tried yet (POST /feedback records one; GET /suggestions?incidentId=ID ranks the candidates).");
            return 0;
        }

        var tried = new FittedTable(new FittedColumn("reported (UTC)", 14), new FittedColumn("root cause tried", 28), new FittedColumn("outcome", 12), new FittedColumn("note"));
        foreach (var entry in feedback)
        {
            tried.AddRow(FittedTable.Utc(entry.CreatedAt, "MM-dd HH:mm"), entry.RootCause, entry.Outcome, entry.Note);
        }

        Console.Write(tried.Build(Console.Profile.Width));
        return 0;
    }

    /// <summary><c>GET /incidents/{id}</c>'s answer and the feedback on the incident.</summary>
    public sealed record IncidentShowJson(StoredIncident Incident, IReadOnlyList<FindingResponse> Findings, IReadOnlyList<FeedbackEntry> Feedback);

    private static void Fact(Grid facts, string name, string value) =>
        facts.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(ControlCharacters.Escape(value)));
}
