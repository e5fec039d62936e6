using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using FaultMaven.Analysis.Anomaly.Sessions;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Templates;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

/// <summary><c>fm detect</c>: label-free session anomaly detection, trained on the input itself.</summary>
[Description("Detect anomalous sessions: mines templates, groups lines by --session id, trains on INPUT without labels and prints the anomalous session ids.")]
public sealed class DetectCommand : Command<DetectCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("Raw log file, one record per line.")]
        public string Input { get; init; } = "";

        [CommandOption("-s|--session <REGEX>")]
        [Description("Regular expression of the session id, e.g. \"blk_-?\\d+\" or a request or trace id pattern.")]
        public string? Session { get; init; }

        [CommandOption("-f|--format <FORMAT>")]
        [Description("Header layout, e.g. \"<Date> <Time> <Pid> <Level> <Component>: <Content>\". Detected from the first lines when omitted.")]
        public string? Format { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("Write the session ids here instead of stdout.")]
        public string? Out { get; init; }

        [CommandOption("--scores")]
        [Description("Add each session's anomaly score as a second column.")]
        public bool Scores { get; init; }

        public override ValidationResult Validate()
        {
            if (InputFiles.Problem(Input) is { } problem)
            {
                return ValidationResult.Error(problem);
            }

            if (string.IsNullOrEmpty(Session))
            {
                return ValidationResult.Error("--session is required: a regular expression matching the session id, e.g. \"blk_-?\\d+\"");
            }

            try
            {
                _ = new Regex(Session);
                _ = Format is null ? null : HeaderFormat.Parse(Format);
            }
            catch (ArgumentException error)
            {
                return ValidationResult.Error($"invalid --session pattern: {error.Message}");
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
        List<string> lines;
        using (var input = File.OpenRead(settings.Input))
        {
            lines = LogText.ReadLines(input);
        }

        var header = settings.Format is null ? DetectHeader(lines, errors) : HeaderFormat.Parse(settings.Format);
        SessionDetectionResult result;
        try
        {
            result = errors.Status().Start(
                $"mining templates and training on {lines.Count:N0} lines",
                _ => SessionDetection.Detect(lines, header, new Regex(settings.Session!, RegexOptions.Compiled), Path.GetFileName(settings.Input)));
        }
        catch (InvalidOperationException error)
        {
            errors.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            return 1;
        }

        var anomalies = result.Anomalies.ToList();
        errors.MarkupLineInterpolated(
            $"[grey]{result.Lines:N0} lines ({result.LinesWithoutSession:N0} name no session), {result.Scores.Count:N0} sessions, {result.TemplateCount} templates, {result.Model.Invariants.Count} invariants; {anomalies.Count:N0} anomalous (model {result.Model.Version})[/]");
        using var output = settings.Out is null ? Console.Out : new StreamWriter(settings.Out);
        foreach (var anomaly in anomalies)
        {
            var key = ControlCharacters.Escape(anomaly.Key);
            output.WriteLine(settings.Scores ? $"{key} {anomaly.Score.ToString("0.####", CultureInfo.InvariantCulture)}" : key);
        }

        return 0;
    }

    private static HeaderFormat DetectHeader(IReadOnlyList<string> lines, IAnsiConsole errors)
    {
        var detected = HeaderDetector.Detect([.. lines.Take(LogMining.DetectionSampleSize)]);
        errors.MarkupLineInterpolated($"[grey]header: {detected.Format.Layout} (explains {detected.Coverage:P0} of the first lines)[/]");
        return detected.Format;
    }
}
