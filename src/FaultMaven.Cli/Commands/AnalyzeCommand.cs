using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Analysis.Normalization;
using Spectre.Console;
using Spectre.Console.Cli;

[assembly: InternalsVisibleTo("FaultMaven.Cli.Tests")]

namespace FaultMaven.Cli.Commands;

/// <summary><c>fm analyze</c>: offline troubleshooting of log files - findings, ranked root causes, steps and commands.</summary>
[Description("Analyze log files offline: detector findings and ranked root-cause suggestions with evidence, steps and commands.")]
public sealed class AnalyzeCommand : AsyncCommand<AnalyzeCommand.Settings>
{
    public const string StandardInput = "-";

    /// <summary>Inputs at least this large report progress on stderr.</summary>
    private const long LargeInputBytes = 16L * 1024 * 1024;

    private readonly TextWriter output;
    private readonly Stream input;
    private readonly IAnsiConsole errors;

    public AnalyzeCommand()
        : this(Console.Out, Console.Error, Console.OpenStandardInput())
    {
    }

    /// <param name="input">Standard input's bytes, decoded as a file's are (<see cref="LogText"/>).</param>
    internal AnalyzeCommand(TextWriter output, TextWriter errors, Stream input)
    {
        this.output = output;
        this.input = input;
        this.errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(errors) });
    }

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[FILE]")]
        [Description("Log files in any supported format; with no file, standard input is read.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--json")]
        [Description("Print the analysis as JSON (findings, suggestions) instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("-k|--knowledge <DIR>")]
        [Description("Extra folder of knowledge YAML files, added to the built-in knowledge base; repeatable.")]
        public string[] Knowledge { get; init; } = [];

        public override ValidationResult Validate()
        {
            if (Files.Count(file => file == StandardInput) > 1)
            {
                return ValidationResult.Error("'-' (standard input) can be given only once");
            }

            var problems = Files.Where(file => file != StandardInput).Select(InputFiles.Problem).OfType<string>().ToList();
            if (problems.Count > 0)
            {
                return ValidationResult.Error(string.Join("; ", problems));
            }

            var missingFolders = Knowledge.Where(folder => !Directory.Exists(folder)).ToList();
            return missingFolders.Count > 0
                ? ValidationResult.Error($"knowledge folder not found: {string.Join(", ", missingFolders)}")
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        KnowledgeBase knowledge;
        try
        {
            knowledge = KnowledgeBaseLoader.Load(settings.Knowledge);
        }
        catch (KnowledgeBaseException error)
        {
            errors.MarkupLineInterpolated($"[red]error:[/] invalid knowledge base: {error.Message}");
            return 1;
        }

        // Spectre.Console.Cli's parser rejects a lone '-' on the command line, so no file means standard input too.
        var files = settings.Files.DefaultIfEmpty(StandardInput).ToList();
        var documents = await ReadAsync(files, cancellationToken);
        // One input at a time: its stages may have the cores to themselves.
        var assistant = new Assistant(new LogAnalysisAgent { OnThreads = true }, new TroubleshootingAgent(knowledge));
        var answer = IsLarge(files)
            ? await errors.Status().StartAsync($"analyzing {documents.Sum(document => document.Text.Length) / (1024 * 1024):N0} MiB", _ => AnswerAsync(assistant, documents, cancellationToken))
            : await AnswerAsync(assistant, documents, cancellationToken);

        if (settings.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(answer, CliJson.Options));
        }
        else
        {
            AnalyzeReport.Write(answer, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }));
        }

        return 0;
    }

    private static Task<AgentResponse> AnswerAsync(Assistant assistant, IReadOnlyList<LogDocument> documents, CancellationToken cancellationToken) =>
        assistant.AnswerAsync(AgentRequest.ForLogs(documents), FeedbackHistory.Empty, TimeProvider.System.GetUtcNow(), cancellationToken);

    private async Task<IReadOnlyList<LogDocument>> ReadAsync(IEnumerable<string> files, CancellationToken cancellationToken)
    {
        var documents = new List<LogDocument>();
        foreach (var file in files)
        {
            if (file == StandardInput)
            {
                documents.Add(new LogDocument("stdin", await LogText.ReadToEndAsync(input, cancellationToken)));
                continue;
            }

            await using var stream = File.OpenRead(file);
            documents.Add(new LogDocument(Path.GetFileName(file), await LogText.ReadToEndAsync(stream, cancellationToken)));
        }

        return documents;
    }

    private static bool IsLarge(IEnumerable<string> files) =>
        files.Where(file => file != StandardInput).Sum(file => new FileInfo(file).Length) >= LargeInputBytes;
}
