using System.ComponentModel;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Templates;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

/// <summary><c>fm templates</c>: mines the templates of a raw log file and writes each line's final template as CSV.</summary>
[Description("Mine log templates: writes CSV LineId,EventId,EventTemplate for every line of INPUT.")]
public sealed class TemplatesCommand : Command<TemplatesCommand.Settings>
{
    /// <summary>Files at least this large show progress even when stderr is not a terminal.</summary>
    private const long LargeFileBytes = 64L * 1024 * 1024;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("Raw log file, one record per line.")]
        public string Input { get; init; } = "";

        [CommandOption("-f|--format <FORMAT>")]
        [Description("Header layout, e.g. \"<Date> <Time> <Level> <Component>: <Content>\". Detected from the first lines when omitted.")]
        public string? Format { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("Write the CSV here instead of stdout.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (InputFiles.Problem(Input) is { } problem)
            {
                return ValidationResult.Error(problem);
            }

            if (Out is not null && Path.GetDirectoryName(Path.GetFullPath(Out)) is { } folder && !Directory.Exists(folder))
            {
                return ValidationResult.Error($"--out: folder not found: {folder}");
            }

            try
            {
                _ = Format is null ? null : HeaderFormat.Parse(Format);
            }
            catch (FormatException error)
            {
                return ValidationResult.Error(error.Message);
            }

            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var header = settings.Format is null
            ? DetectHeader(settings.Input, errors)
            : HeaderFormat.Parse(settings.Format);

        var size = new FileInfo(settings.Input).Length;
        var (templateIds, miner) = !Console.IsErrorRedirected || size >= LargeFileBytes
            ? errors.Progress().Start(progress => Mine(settings.Input, header, progress.AddTask("mining templates", maxValue: size)))
            : Mine(settings.Input, header, progress: null);

        using (var output = settings.Out is null ? Console.OpenStandardOutput() : File.Create(settings.Out))
        {
            TemplatesCsv.Write(templateIds, miner, output);
        }

        errors.MarkupLineInterpolated($"[grey]{templateIds.Count:N0} lines, {miner.Templates.Count:N0} templates[/]");
        return 0;
    }

    private static HeaderFormat DetectHeader(string input, IAnsiConsole errors)
    {
        using var stream = File.OpenRead(input);
        var detected = HeaderDetector.Detect(LogText.ReadLines(stream, LogMining.DetectionSampleSize));
        errors.MarkupLineInterpolated($"[grey]header: {detected.Format.Layout} (explains {detected.Coverage:P0} of the first lines)[/]");
        return detected.Format;
    }

    /// <summary>Streams the file through a mining session; reads it a second time only when a template was split after lines were given it.</summary>
    private static (List<int> TemplateIds, TemplateMiner Miner) Mine(string input, HeaderFormat header, ProgressTask? progress)
    {
        var session = new LogMiningSession(header);
        var templateIds = new List<int>();
        using (var stream = Open(input))
        {
            LogText.ForEachLine(stream, line => templateIds.Add(session.Add(line)), progress is null ? null : bytes => progress.Increment(bytes));
        }

        if (session.HasSplitTemplates)
        {
            var index = 0;
            using var stream = Open(input);
            LogText.ForEachLine(stream, line =>
            {
                templateIds[index] = session.Rematch(line, templateIds[index]);
                index++;
            });
        }

        return (templateIds, session.Miner);
    }

    /// <summary>The file for one pass from start to end: the reader reads in large chunks, so the stream needs no buffer of its own.</summary>
    private static FileStream Open(string input) => new(input, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
}
