using System.ComponentModel;
using FaultMaven.Storage;
using FaultMaven.Storage.Audit;
using FaultMaven.Storage.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

/// <summary><c>fm keys rotate</c>: makes a new key active in the key file, then re-seals every row still on an older key.</summary>
[Description("Adds a new active key to FAULTMAVEN__ENCRYPTION__KEYFILE and re-seals existing rows with it; --resume only re-seals.")]
public sealed class KeysRotateCommand : AsyncCommand<KeysRotateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--resume")]
        [Description("Do not add a key: finish moving rows to the current active key (after an interruption, or a key added by hand).")]
        public bool Resume { get; init; }

        [CommandOption("--batch-size <ROWS>")]
        [Description("Rows re-sealed per statement (default 500).")]
        public int BatchSize { get; init; } = 500;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Load();
        var actor = $"cli:{Environment.UserName}@{Environment.MachineName}";
        if (!settings.Resume)
        {
            var options = configuration.Bind<EncryptionOptions>(EncryptionOptions.SectionName).Value;
            var keyId = KeyRotation.AddActiveKeyToFile(options, TimeProvider.System);
            AnsiConsole.MarkupLine($"New active key [bold]{keyId}[/] written to {Markup.Escape(options.KeyFile!)}; restart the services to seal new rows with it.");
        }

        await using var storage = StorageServiceCollectionExtensions.BuildFaultMavenStorage(configuration);
        var rotation = storage.GetRequiredService<KeyRotation>();
        var activeKeyId = storage.GetRequiredService<FieldCipher>().Keys.ActiveKeyId;
        if (!settings.Resume)
        {
            await storage.GetRequiredService<AuditLog>().AppendAsync(
                new AuditEntry(actor, "keys.rotate", "encryption keys", "success") { Details = new Dictionary<string, string> { ["activeKeyId"] = activeKeyId } },
                cancellationToken);
        }

        var pending = await rotation.CountPendingAsync(cancellationToken);
        var resealed = await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"re-sealing rows with {activeKeyId}", maxValue: Math.Max(pending, 1));
            var done = await rotation.ReencryptAsync(actor, settings.BatchSize, new Progress<long>(rows => task.Value = rows), cancellationToken);
            task.Value = task.MaxValue;
            return done;
        });

        var left = await rotation.CountPendingAsync(cancellationToken);
        AnsiConsole.MarkupLine(left == 0
            ? $"Re-sealed {resealed} row(s); every row is on key [bold]{activeKeyId}[/]. Older keys can be removed once the services have restarted."
            : $"[yellow]Re-sealed {resealed} row(s); {left} changed meanwhile or are still written with an older key[/]: restart the services, then run `fm keys rotate --resume`.");
        return 0;
    }
}

/// <summary><c>fm keys status</c>: the active key, and how many values each key seals per column.</summary>
[Description("Shows the active key and how many rows each key id seals, per table and column.")]
public sealed class KeysStatusCommand : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var storage = StorageServiceCollectionExtensions.BuildFaultMavenStorage(CliConfiguration.Load());
        var keys = storage.GetRequiredService<FieldCipher>().Keys;
        var table = new Table().AddColumns("key id", "column", "rows");
        foreach (var usage in await storage.GetRequiredService<KeyRotation>().UsageAsync(cancellationToken))
        {
            var keyId = usage.KeyId is null ? "[red](plaintext)[/]" : Markup.Escape(usage.KeyId) + (usage.KeyId == keys.ActiveKeyId ? " (active)" : "");
            table.AddRow(keyId, $"{usage.Table}.{usage.Column}", usage.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.MarkupLine($"Active key: [bold]{Markup.Escape(keys.ActiveKeyId)}[/]; configured: {Markup.Escape(string.Join(", ", keys.KeyIds.Order()))}");
        AnsiConsole.Write(table);
        return 0;
    }
}
