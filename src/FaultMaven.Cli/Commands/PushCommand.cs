using System.ComponentModel;
using FaultMaven.Cli.Push;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

/// <summary><c>fm push</c>: streams log files onto logs.raw through the broker or the API, resumable without resending.</summary>
[Description("Push log files to FaultMaven (Kafka logs.raw, or the API with --api). Interrupted pushes of a file resume where they stopped.")]
public sealed class PushCommand : AsyncCommand<PushCommand.Settings>
{
    /// <summary>How long fm push waits, by default, for an unreachable broker or a pipeline that is behind.</summary>
    public const int DefaultWaitTimeoutSeconds = 600;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILES>")]
        [Description("Log files to push. /dev/stdin (or any pipe) reads standard input, from its start and with no checkpoint: it cannot be read again. A lone '-' is not accepted by the parser.")]
        public string[] Files { get; init; } = [];

        [CommandOption("-s|--source <SOURCE>")]
        [Description("Source name the lines are stored under; default: each file's name without extension ('stdin' for /dev/stdin).")]
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
        [Description("Where push checkpoints are kept, one per file, destination and source; default $FAULTMAVEN_HOME/push (~/.faultmaven/push).")]
        public string? State { get; init; }

        [CommandOption("--restart")]
        [Description("Ignore checkpoints and push the files from the beginning.")]
        public bool Restart { get; init; }

        [CommandOption("--wait-timeout <SECONDS>")]
        [Description("How long to wait for an unreachable broker, or a pipeline that is behind, before giving up with an error. A later run resumes after what was stored.")]
        [DefaultValue(DefaultWaitTimeoutSeconds)]
        public int WaitTimeout { get; init; } = DefaultWaitTimeoutSeconds;

        public override ValidationResult Validate()
        {
            if (Files.Length == 0)
            {
                return ValidationResult.Error("name at least one file, or /dev/stdin for standard input");
            }

            if (Files.Select(InputFiles.Problem).FirstOrDefault(problem => problem is not null) is { } problem)
            {
                return ValidationResult.Error(problem);
            }

            if (Source is not null && SourceNames.Problem(Source) is { } tooLong)
            {
                // Refused here rather than dead-lettered line by line by the worker (or refused by the API for each batch).
                return ValidationResult.Error($"--source {tooLong}");
            }

            if (Ca is not null && !File.Exists(Ca))
            {
                return ValidationResult.Error($"--ca: file not found: {Ca}");
            }

            if (WaitTimeout < 1)
            {
                return ValidationResult.Error($"--wait-timeout must be at least 1 second (was {WaitTimeout})");
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
            throw new CliException(string.Join(Environment.NewLine, invalid));
        }

        var maxLineBytes = configuration.GetValue(LineChunker.MaxLineBytesKey, LineChunker.DefaultMaxLineBytes);
        if (LineChunker.MaxLineBytesProblem(maxLineBytes, LineChunker.MaxLineBytesKey) is { } badLimit)
        {
            throw new CliException(badLimit);
        }

        using var sink = CreateSink(settings, configuration, flowControl, maxLineBytes)
            ?? throw new CliException("no destination: pass --broker or --api, start scripts/run.sh, or set FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS");
        var checkpoints = new PushCheckpointStore(settings.State ?? FaultMavenHome.PushState);
        var files = settings.Files.Select(f => (Path: f, Source: settings.Source ?? Path.GetFileNameWithoutExtension(f))).ToList();
        if (settings.Restart)
        {
            files.ForEach(f => checkpoints.Forget(f.Path, sink.Description, f.Source));
        }

        var pusher = new FilePusher(sink, checkpoints);
        var pacing = new PushPacing(errors, TimeProvider.System);
        Pushed sent = new(0, 0);
        var alreadyPushed = new List<string>();
        await errors.Progress().StartAsync(async progress =>
        {
            foreach (var (path, source) in files)
            {
                await using var input = File.OpenRead(path);
                var label = Markup.Escape($"{source} → {sink.Description}");
                var task = progress.AddTask(label, maxValue: input.CanSeek ? Math.Max(1, input.Length) : 1);
                task.IsIndeterminate = !input.CanSeek;
                var sentOfFile = await Push(pusher, input, path, source, sink, task, pacing, label, cancellationToken);
                sent = new Pushed(sent.Lines + sentOfFile.Lines, sent.Bytes + sentOfFile.Bytes);
                if (sentOfFile.Bytes == 0 && input.CanSeek && input.Length > 0)
                {
                    alreadyPushed.Add(path);
                }
            }
        });
        Console.WriteLine($"pushed {sent.Bytes} bytes, {sent.Lines} lines, from {files.Count} file(s) to {sink.Description}{pacing.Summary}");
        if (alreadyPushed.Count > 0)
        {
            // A user re-running the same command otherwise sees "0 bytes" and no reason. Plain text: paths are not wrapped.
            Console.Error.WriteLine($"already pushed to its end (checkpoint): {string.Join(", ", alreadyPushed)}; --restart pushes it again from the start");
        }

        return 0;
    }

    private static async Task<Pushed> Push(
        FilePusher pusher, FileStream input, string path, string source, IRawLogSink sink, ProgressTask task, PushPacing pacing, string label, CancellationToken cancellationToken)
    {
        try
        {
            return await pusher.PushAsync(
                input,
                path,
                source,
                offset => (task.Value, task.Description) = (offset, pacing.Resumed(label)),
                reason => task.Description = pacing.Waiting(label, reason),
                cancellationToken);
        }
        catch (Exception stopped) when (cancellationToken.IsCancellationRequested && stopped is OperationCanceledException or PublishInterruptedException { WasStopped: true })
        {
            // Stopped while a batch was in flight (its stored part checkpointed) or between batches: either way resumable.
            throw new CliInterruptedException(
                input.CanSeek
                    ? $"{path}: every line the broker acknowledged is checkpointed; the same command resumes after it"
                    : $"{path}: a pipe has no checkpoint; the lines read before the signal were stored, the rest were not",
                stopped);
        }
        catch (Exception exception) when (exception is PublishInterruptedException or HttpRequestException)
        {
            var resume = input.CanSeek ? "; fm push resumes after the lines that were stored" : "";
            throw new CliException($"pushing {path} to {sink.Description} failed: {exception.Message}{resume}", exception);
        }
    }

    private static IRawLogSink? CreateSink(Settings settings, IConfiguration configuration, FlowControlOptions flowControl, int maxLineBytes)
    {
        var waitTimeout = TimeSpan.FromSeconds(settings.WaitTimeout);
        if (settings.Api is not null)
        {
            var ca = settings.Ca ?? Environment.GetEnvironmentVariable("FAULTMAVEN_TLS_CA") ?? configuration["FaultMaven:Api:CaCertificate"];
            return ca is null || File.Exists(ca)
                ? new HttpRawLogSink(new Uri(settings.Api), settings.Token, ca, waitTimeout)
                : throw new CliException($"CA certificate not found: {ca} (from $FAULTMAVEN_TLS_CA or FaultMaven:Api:CaCertificate)");
        }

        var kafka = configuration.Bind<KafkaOptions>(KafkaOptions.Section).Value;
        if (settings.Broker is not null)
        {
            kafka.BootstrapServers = settings.Broker;
        }

        return string.IsNullOrWhiteSpace(kafka.BootstrapServers) ? null : new KafkaRawLogSink(kafka, flowControl, waitTimeout, maxLineBytes);
    }
}
