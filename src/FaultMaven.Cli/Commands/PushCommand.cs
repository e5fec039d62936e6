using System.ComponentModel;
using FaultMaven.Cli.Push;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

/// <summary><c>fm push</c>: streams log files onto logs.raw through the broker or the API, resumable without resending.</summary>
[Description("Push log files to FaultMaven (Kafka logs.raw, or the API with --api). Interrupted pushes resume where they stopped.")]
public sealed class PushCommand : AsyncCommand<PushCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILES>")]
        [Description("Log files to push; '-' reads standard input (not resumable).")]
        public string[] Files { get; init; } = [];

        [CommandOption("-s|--source <SOURCE>")]
        [Description("Source name the lines are stored under; default: each file's name without extension ('stdin' for -).")]
        public string? Source { get; init; }

        [CommandOption("-b|--broker <BOOTSTRAP>")]
        [Description("Kafka bootstrap servers; default FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS.")]
        public string? Broker { get; init; }

        [CommandOption("--api <URL>")]
        [Description("Send through the API's /logs/ingest instead of Kafka.")]
        public string? Api { get; init; }

        [CommandOption("--token <TOKEN>")]
        [Description("Bearer token for --api.")]
        public string? Token { get; init; }

        [CommandOption("--ca <PEM>")]
        [Description("A CA certificate to trust for --api; default $FAULTMAVEN_TLS_CA, else the running instance's (FaultMaven:Api:CaCertificate).")]
        public string? Ca { get; init; }

        [CommandOption("--state <DIR>")]
        [Description("Where push checkpoints are kept; default $FAULTMAVEN_HOME/push (~/.faultmaven/push).")]
        public string? State { get; init; }

        [CommandOption("--restart")]
        [Description("Ignore checkpoints and push the files from the beginning.")]
        public bool Restart { get; init; }

        public override ValidationResult Validate()
        {
            if (Files.Length == 0)
            {
                return ValidationResult.Error("name at least one file, or - for standard input");
            }

            if (Files.FirstOrDefault(f => f != "-" && !File.Exists(f)) is { } missing)
            {
                return ValidationResult.Error($"file not found: {missing}");
            }

            return Api is not null && !Uri.TryCreate(Api, UriKind.Absolute, out _)
                ? ValidationResult.Error($"--api is not an absolute URL: {Api}")
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var configuration = CliConfiguration.Load();
        var flowControl = configuration.Bind<FlowControlOptions>(FlowControlOptions.Section).Value;
        if (flowControl.Validate().ToList() is { Count: > 0 } invalid)
        {
            errors.WriteLine(string.Join(Environment.NewLine, invalid));
            return 2;
        }

        if (CreateSink(settings, configuration, flowControl) is not { } sink)
        {
            errors.MarkupLine($"[red]No destination:[/] pass --broker or --api, start scripts/run.sh, or set FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS.");
            return 2;
        }

        using (sink)
        {
            var checkpoints = new PushCheckpointStore(settings.State ?? FaultMavenHome.PushState);
            var stdin = settings.Files.Contains("-") ? await StageStandardInput(cancellationToken) : null;
            try
            {
                var files = settings.Files.Select(f => (Path: f == "-" ? stdin! : f, Source: settings.Source ?? (f == "-" ? "stdin" : Path.GetFileNameWithoutExtension(f)))).ToList();
                if (settings.Restart)
                {
                    files.ForEach(f => checkpoints.Forget(f.Path));
                }

                var pusher = new FilePusher(sink, checkpoints);
                var pacing = new PushPacing(errors, TimeProvider.System);
                long sent = 0;
                var alreadyPushed = new List<string>();
                await errors.Progress().StartAsync(async progress =>
                {
                    foreach (var (path, source) in files)
                    {
                        var label = Markup.Escape($"{source} → {sink.Description}");
                        var length = new FileInfo(path).Length;
                        var task = progress.AddTask(label, maxValue: Math.Max(1, length));
                        var sentOfFile = await pusher.PushAsync(
                            path,
                            source,
                            offset => (task.Value, task.Description) = (offset, pacing.Resumed(label)),
                            reason => task.Description = pacing.Waiting(label, reason),
                            cancellationToken);
                        sent += sentOfFile;
                        if (sentOfFile == 0 && length > 0 && path != stdin)
                        {
                            alreadyPushed.Add(path);
                        }
                    }
                });
                Console.WriteLine($"pushed {sent} bytes from {files.Count} file(s) to {sink.Description}{pacing.Summary}");
                if (alreadyPushed.Count > 0)
                {
                    // A user re-running the same command otherwise sees "0 bytes" and no reason. Plain text: paths are not wrapped.
                    Console.Error.WriteLine($"already pushed to its end (checkpoint): {string.Join(", ", alreadyPushed)}; --restart pushes it again from the start");
                }
                return 0;
            }
            finally
            {
                if (stdin is not null)
                {
                    checkpoints.Forget(stdin);
                    File.Delete(stdin);
                }
            }
        }
    }

    private static IRawLogSink? CreateSink(Settings settings, IConfiguration configuration, FlowControlOptions flowControl)
    {
        if (settings.Api is not null)
        {
            var ca = settings.Ca ?? Environment.GetEnvironmentVariable("FAULTMAVEN_TLS_CA") ?? configuration["FaultMaven:Api:CaCertificate"];
            return new HttpRawLogSink(new Uri(settings.Api), settings.Token, ca);
        }

        var kafka = configuration.Bind<KafkaOptions>(KafkaOptions.Section).Value;
        if (settings.Broker is not null)
        {
            kafka.BootstrapServers = settings.Broker;
        }

        return string.IsNullOrWhiteSpace(kafka.BootstrapServers) ? null : new KafkaRawLogSink(kafka, flowControl);
    }

    /// <summary>Standard input is copied to a temporary file so that it goes through the same chunking and progress.</summary>
    private static async Task<string> StageStandardInput(CancellationToken cancellationToken)
    {
        var path = Path.GetTempFileName();
        await using var file = File.Create(path);
        await Console.OpenStandardInput().CopyToAsync(file, cancellationToken);
        return path;
    }
}
