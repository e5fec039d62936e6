using FaultMaven.Testing.Processes;

namespace FaultMaven.Cli.Tests;

/// <summary>What fm does with a command line it cannot accept: refuses it on standard error, in words a user knows, before reading anything.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fm-command-line-").FullName;

    [Theory]
    [InlineData("sorce", "logs", "--sorce", "checkout")]
    [InlineData("bogus", "status", "--bogus")]
    [InlineData("bogus", "incidents", "--bogus")]
    [InlineData("bogus", "incidents", "list", "--bogus")]
    [InlineData("bogus", "keys", "status", "--bogus")]
    [InlineData("bogus", "admin", "list", "--bogus")]
    public void An_unknown_option_of_a_command_is_an_error_naming_it(string option, params string[] arguments)
    {
        var result = Fm(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal($"error: Unknown option '{option}'.", result.StandardError.TrimEnd());
    }

    [Theory]
    [InlineData("--source <SOURCE>", "logs", "--source")]
    [InlineData("--source <SOURCE>", "logs", "--source", "--json")]
    [InlineData("--level <LEVEL>", "logs", "--level")]
    [InlineData("--limit <ROWS>", "logs", "--limit")]
    [InlineData("--kind <KIND>", "findings", "--kind")]
    [InlineData("--status <STATUS>", "incidents", "--status")]
    [InlineData("-o <FILE>", "templates", "/dev/null", "-o")]
    public void An_option_given_no_value_is_an_error_naming_it_and_its_value(string usage, params string[] arguments)
    {
        var result = Fm(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal($"error: {usage.Split(' ')[0]} needs a value: {usage}", result.StandardError.TrimEnd());
    }

    [Fact]
    public void A_value_that_is_not_a_number_names_the_option()
    {
        var result = Fm("logs", "--limit", "abc");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal("error: --limit takes a whole number, not 'abc'", result.StandardError.TrimEnd());
    }

    [Fact]
    public void An_output_file_in_a_missing_folder_names_the_folder()
    {
        var input = Path.Combine(folder, "app.log");
        File.WriteAllText(input, "2026-11-25 10:00:00 INFO started\n");

        var result = Fm("templates", input, "-o", "/nonexistent/dir/out.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --out: folder not found: /nonexistent/dir", result.StandardError.TrimEnd());
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("templates")]
    [InlineData("detect", "--session", "req-\\d+")]
    [InlineData("push", "--broker", "127.0.0.1:1")]
    public void A_folder_given_as_the_input_file_is_said_to_be_a_folder(string command, params string[] options)
    {
        var result = Fm([command, folder, .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {folder} is a directory, not a file: name the log files in it, e.g. {folder}/*.log", result.StandardError.TrimEnd());
    }

    [Fact]
    public void A_missing_CA_certificate_names_the_option_and_the_file()
    {
        var input = Path.Combine(folder, "app.log");
        File.WriteAllText(input, "2026-11-25 10:00:00 INFO started\n");

        var result = Fm("push", input, "--api", "https://127.0.0.1:5443", "--ca", "/nonexistent/ca.crt");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --ca: file not found: /nonexistent/ca.crt", result.StandardError.TrimEnd());
    }

    [Fact]
    public void A_failing_command_writes_its_error_to_standard_error_only()
    {
        var result = Fm("logs", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.StartsWith("error: ", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static FmResult Fm(params string[] arguments) => FmCommand.Run(new Dictionary<string, string>(), arguments);
}
