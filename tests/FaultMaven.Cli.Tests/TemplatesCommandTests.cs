using System.Text.Json.Nodes;
using FaultMaven.Cli.Commands;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Tests;

public sealed class TemplatesCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fm-templates-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Task<int> RunAsync(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(config => config.AddCommand<TemplatesCommand>("templates"));
        return app.RunAsync(args);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Every_line_gets_its_final_template_as_quoted_csv()
    {
        var input = Write(
            "spark.log",
            "17/06/09 20:10:40 INFO storage.MemoryStore: Block broadcast_1 stored as values in memory (estimated size 8.8 KB, free 14.0 KB)",
            "17/06/09 20:10:41 INFO executor.Executor: Running task 0.0 in stage 1.0 (TID 1)",
            "17/06/09 20:10:42 INFO storage.MemoryStore: Block broadcast_2 stored as values in memory (estimated size 384.0 B, free 14.0 KB)",
            "17/06/09 20:10:43 INFO executor.Executor: Running task 1.0 in stage 1.0 (TID 2)");
        var output = Path.Combine(folder, "templates.csv");

        var exitCode = await RunAsync("templates", input, "--out", output);

        Assert.Equal(0, exitCode);
        var block = "\"Block <*> stored as values in memory (estimated size <*>, free <*>)\"";
        var task = "Running task <*> in stage <*> (TID <*>)";
        Assert.Equal(
            ["LineId,EventId,EventTemplate", $"1,E1,{block}", $"2,E2,{task}", $"3,E1,{block}", $"4,E2,{task}"],
            File.ReadAllLines(output));
    }

    [Fact]
    public async Task An_explicit_format_decides_where_the_content_starts()
    {
        var input = Write("proxifier.log", "[10.30 16:49:06] chrome.exe - proxy.example.com:5070 open through proxy proxy.example.com:5070 HTTPS");
        var output = Path.Combine(folder, "templates.csv");

        var exitCode = await RunAsync("templates", input, "--format", @"\[<Time>\] <Program> - <Content>", "--out", output);

        Assert.Equal(0, exitCode);
        Assert.Equal("1,E1,<*> open through proxy <*> HTTPS", File.ReadAllLines(output)[1]);
    }

    [Fact]
    public async Task Lines_end_at_LF_or_CRLF_and_are_read_whole_whatever_their_length()
    {
        var longLine = "payload " + new string('x', 3 << 20);
        var path = Path.Combine(folder, "mixed.log");
        File.WriteAllText(path, "\uFEFFsession opened for user ann\r\nsession opened for user bob\n\n" + longLine + "\nsession opened for user cy", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var output = Path.Combine(folder, "templates.csv");

        var exitCode = await RunAsync("templates", path, "--format", "<Content>", "--out", output);

        Assert.Equal(0, exitCode);
        var rows = File.ReadAllLines(output);
        Assert.Equal(["1,E1,session opened for user <*>", "2,E1,session opened for user <*>", "3,E3,", $"4,E4,{longLine}", "5,E1,session opened for user <*>"], rows[1..]);
    }

    [Fact]
    public async Task A_missing_input_file_fails()
    {
        Assert.NotEqual(0, await RunAsync("templates", Path.Combine(folder, "absent.log")));
    }

    [Fact]
    public async Task A_format_without_content_fails()
    {
        var input = Write("any.log", "a line");

        Assert.NotEqual(0, await RunAsync("templates", input, "--format", "<Date> <Time>"));
    }

    [Fact]
    public void The_fm_process_runs_without_the_instrumented_tier_of_dynamic_pgo()
    {
        // The runtime reads this from fm.runtimeconfig.json at start; the build copies it next to the tests.
        var path = Path.Combine(AppContext.BaseDirectory, "fm.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];

        Assert.True(properties?["System.Runtime.TieredPGO"]?.GetValue<bool>() == false, $"{path}: {properties?.ToJsonString()}");
    }
}
