using System.ComponentModel;
using System.Globalization;
using FaultMaven.Storage;
using FaultMaven.Storage.Audit;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

/// <summary><c>fm audit verify [--head HASH]</c>: walks the audit hash chain; exit code 1 and the first broken row when it was tampered with.</summary>
[Description("Verifies the audit log's hash chain; exits 1 naming the first edited, deleted, reordered or rewritten row.")]
public sealed class AuditVerifyCommand : AsyncCommand<AuditVerifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--head <HASH>")]
        [Description("A chain head recorded outside the database earlier (fm audit head): it must still be a row of the chain.")]
        public string? Head { get; init; }

        public override ValidationResult Validate() =>
            Head is null || (Head.Length == 64 && Head.All(char.IsAsciiHexDigit))
                ? ValidationResult.Success()
                : ValidationResult.Error("--head must be the 64 hexadecimal digits of a SHA-256 hash, as fm audit head prints it");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var storage = StorageServiceCollectionExtensions.BuildFaultMavenStorage(CliConfiguration.Load());
        var verification = await storage.GetRequiredService<AuditLog>().VerifyAsync(
            settings.Head is null ? null : Convert.FromHexString(settings.Head), cancellationToken);
        if (verification.FirstBreak is { } broken)
        {
            Console.Error.WriteLine($"audit log tampered: row {broken.RowId} {broken.Kind.ToString().ToLowerInvariant()}: {broken.Reason} ({verification.RowsChecked} rows intact before it)");
            return 1;
        }

        AnsiConsole.MarkupLine($"[green]audit log intact[/]: {verification.RowsChecked} rows verified.");
        return 0;
    }
}

/// <summary><c>fm audit head</c>: the chain head's row id and hash, to keep outside the database (a SIEM, a file on another host).</summary>
[Description("Prints the audit chain head: last row id and hash, tab-separated; keep it elsewhere and check it later with fm audit verify --head.")]
public sealed class AuditHeadCommand : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var storage = StorageServiceCollectionExtensions.BuildFaultMavenStorage(CliConfiguration.Load());
        var (lastId, lastHash) = await storage.GetRequiredService<AuditLog>().HeadAsync(cancellationToken);
        Console.WriteLine($"{lastId.ToString(CultureInfo.InvariantCulture)}\t{Convert.ToHexStringLower(lastHash)}");
        return 0;
    }
}

/// <summary><c>fm audit list</c>: audit entries, newest first.</summary>
[Description("Lists audit entries, newest first, filtered by actor, action and time.")]
public sealed class AuditListCommand : AsyncCommand<AuditListCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--actor <ACTOR>")]
        [Description("Only entries by this actor, e.g. a user name or cli:USER@HOST.")]
        public string? Actor { get; init; }

        [CommandOption("--action <ACTION>")]
        [Description("Only entries of this action, e.g. keys.rotate.")]
        public string? Action { get; init; }

        [CommandOption("--from <TIME>")]
        [Description("ISO 8601, inclusive.")]
        public DateTimeOffset? From { get; init; }

        [CommandOption("--to <TIME>")]
        [Description("ISO 8601, exclusive.")]
        public DateTimeOffset? To { get; init; }

        [CommandOption("--limit <ROWS>")]
        [Description("At most this many entries (default 50).")]
        public int Limit { get; init; } = 50;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var storage = StorageServiceCollectionExtensions.BuildFaultMavenStorage(CliConfiguration.Load());
        var page = await storage.GetRequiredService<AuditLog>().ListAsync(
            new AuditQuery { Actor = settings.Actor, Action = settings.Action, From = settings.From, To = settings.To, Limit = settings.Limit },
            cancellationToken);
        // Tab-separated lines rather than a table: entries are wide, and the output is meant for grep and cut too.
        Console.WriteLine("id\tat\tactor\taction\ttarget\tsource\toutcome\tdetails");
        foreach (var record in page.Items)
        {
            var entry = record.Entry;
            // Actors and details hold what clients sent (a user name tried at sign-in): escaped, they cannot reach the terminal as control codes.
            Console.WriteLine(ControlCharacters.Escape(string.Join('\t',
                record.Id.ToString(CultureInfo.InvariantCulture), record.At.ToString("O", CultureInfo.InvariantCulture), entry.Actor, entry.Action,
                entry.Target, entry.SourceAddress ?? "-", entry.Outcome, string.Join("; ", entry.Details.Select(detail => $"{detail.Key}={detail.Value}")))));
        }

        if (page.NextCursor is not null)
        {
            Console.Error.WriteLine($"more entries: narrow --from/--to or raise --limit (at most {PagedQuery.MaxLimit})");
        }

        return 0;
    }
}
