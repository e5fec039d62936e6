using System.Globalization;
using System.Text;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Templates;
using FaultMaven.Cli.Commands;
using FaultMaven.Cli.Stored;
using FaultMaven.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Tests;

/// <summary>
/// Control characters from logs reach neither fm's CSV nor its terminal output raw (<see cref="ControlCharacters"/>):
/// they are escaped as <c>\xHH</c>, and the escaped text reads back to the original by the documented rule.
/// </summary>
public sealed class ControlCharacterOutputTests : IDisposable
{
    /// <summary>Escape sequences a hostile log line might carry: colour, cursor move and clear, a window title (OSC ... BEL), C1 CSI, and NUL.</summary>
    private const string Hostile = "login failed \u001b[31mred\u001b[0m \u001b[2J\u001b[H \u001b]0;pwned\u0007 \u009b6n nul\0here del\u007f";

    private readonly string folder = Directory.CreateTempSubdirectory("fm-control-").FullName;

    [Fact]
    public void Every_control_character_but_tab_is_escaped_and_the_text_reads_back_whole()
    {
        var everyCharacter = new string([.. Enumerable.Range(0, 0x200).Select(code => (char)code)]);
        var random = new Random(5);
        const string alphabet = "\\x5Cx1bAf0g\u001b\n\r\t\0\u009b ";
        var samples = Enumerable.Range(0, 2000).Select(_ => new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]))
            .Concat([everyCharacter, Hostile, @"C:\Windows\x41\x4", "\\", "\\x", "\\x1", "\\x1B", "\\\\x1B"]);

        foreach (var sample in samples)
        {
            var escaped = ControlCharacters.Escape(sample);

            Assert.DoesNotContain(escaped, c => c is (< ' ' and not '\t') or (>= '\u007f' and <= '\u009f'));
            Assert.Equal(sample, Unescape(escaped));
        }

        Assert.Equal(@"C:\Windows\temp", ControlCharacters.Escape(@"C:\Windows\temp"));
        Assert.Equal(@"a\x1Bb\x00\x0D\x0A", ControlCharacters.Escape("a\u001bb\0\r\n"));
    }

    [Fact]
    public async Task Fm_templates_writes_no_control_byte_and_each_template_reads_back_from_the_csv()
    {
        var input = Path.Combine(folder, "hostile.log");
        await File.WriteAllTextAsync(input, $"{Hostile}\nbell\u0007 and \\x41 literal\nform\ffeed and lone\rcr\nC1\u0085next\n");
        var output = Path.Combine(folder, "templates.csv");

        var app = new CommandApp();
        app.Configure(config => config.AddCommand<TemplatesCommand>("templates"));
        var exitCode = await app.RunAsync(["templates", input, "--format", "<Content>", "--out", output]);

        Assert.Equal(0, exitCode);
        var csv = await File.ReadAllBytesAsync(output);
        Assert.DoesNotContain(csv, b => b < 0x20 && b is not (byte)'\n' and not (byte)'\t');
        var text = Encoding.UTF8.GetString(csv);
        Assert.DoesNotContain(text, c => c is >= '\u007f' and <= '\u009f');
        using var file = File.OpenRead(input);
        var mined = LogMining.Mine(LogText.ReadLines(file), HeaderFormat.Parse("<Content>"));
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(mined.LineCount, rows.Length);
        for (var line = 0; line < rows.Length; line++)
        {
            var template = rows[line].Split(',', 3)[2];
            var unquoted = template.StartsWith('"') ? template[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : template;
            Assert.Equal(mined.TemplateOfLine(line).Text, Unescape(unquoted));
        }
    }

    [Fact]
    public void Log_text_in_fm_analyze_and_the_stored_data_tables_reaches_the_terminal_without_escape_sequences()
    {
        var now = DateTimeOffset.Parse("2026-12-01T10:00:00Z", CultureInfo.InvariantCulture);
        var finding = new Finding("f1", "new-template", Severity.Error, "app\u001b[8m", null, now, now, Hostile, 1, null, 1, null, [], [], []);
        var answer = new AgentResponse(RequestKind.Logs, [], [finding], Hostile, [], [], [], [], 1, 0, new LineTally(1, 1, 0, 0, 0));
        var table = new FittedTable(new FittedColumn("source", 16), new FittedColumn("message")).AddRow("app", Hostile);
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });

        AnalyzeReport.Write(answer, console);
        console.Write(table.Build(400));

        // Without ANSI support Spectre.Console writes no escape of its own: any control character here came from the log.
        var written = output.ToString();
        Assert.DoesNotContain(written, c => c is (< ' ' and not '\t' and not '\n' and not '\r') or (>= '\u007f' and <= '\u009f'));
        Assert.Contains(@"\x1B[31mred", written, StringComparison.Ordinal);
        Assert.Contains(@"\x1B]0;pwned\x07", written, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The documented reading: each <c>\x</c> followed by two hex digits is the character of that code.</summary>
    private static string Unescape(string escaped)
    {
        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 3 < escaped.Length && escaped[i + 1] == 'x' && char.IsAsciiHexDigit(escaped[i + 2]) && char.IsAsciiHexDigit(escaped[i + 3]))
            {
                text.Append((char)int.Parse(escaped.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
            }
            else
            {
                text.Append(escaped[i]);
            }
        }

        return text.ToString();
    }
}
