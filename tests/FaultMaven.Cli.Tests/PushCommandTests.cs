using FaultMaven.Testing.Processes;
using System.Text;
using FaultMaven.Cli.Push;
using FaultMaven.Contracts;
using FaultMaven.Testing.Kafka;

namespace FaultMaven.Cli.Tests;

public sealed class PushCommandTests(DevBrokerFixture broker) : IClassFixture<DevBrokerFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faultmaven-push-").FullName;

    [Fact]
    public async Task Pushing_a_file_puts_every_line_on_logs_raw_under_the_file_name()
    {
        var file = WriteLog("push-all.log", 5000);

        var result = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("pushed", result.Output);
        Assert.Equal(Lines(5000), await ConsumeLines("push-all", 5000));
    }

    [Fact]
    public async Task An_interrupted_push_resumes_after_the_acknowledged_bytes_without_resending_them()
    {
        var file = WriteLog("push-resume.log", 1000);
        var content = await File.ReadAllBytesAsync(file);
        var firstHalf = Array.LastIndexOf(content, (byte)'\n', content.Length / 2) + 1;
        var store = new PushCheckpointStore(State);
        store.Save(store.Load(file) with { Offset = firstHalf });

        var result = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);
        var again = Fm("push", file, "--broker", broker.BootstrapServers, "--state", State);

        Assert.True(result.ExitCode == 0, result.Output);
        var expected = Encoding.UTF8.GetString(content[firstHalf..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, await ConsumeLines("push-resume", expected.Length));
        Assert.Contains("pushed 0 bytes", again.Output);
        Assert.Contains($"already pushed to its end (checkpoint): {file}; --restart pushes it again", again.Output);
        Assert.DoesNotContain("already pushed", result.Output);
    }

    [Fact]
    public async Task A_push_writes_its_checkpoints_under_FAULTMAVEN_HOME_and_nothing_in_the_home_or_temporary_folder()
    {
        var file = WriteLog("push-home.log", 100);
        var faultMavenHome = Path.Combine(folder, "faultmaven-home");
        var userHome = Directory.CreateDirectory(Path.Combine(folder, "user-home")).FullName;
        var temporary = Directory.CreateDirectory(Path.Combine(folder, "tmp")).FullName;

        var result = FmCommand.Run(
            new Dictionary<string, string> { ["FAULTMAVEN_HOME"] = faultMavenHome, ["HOME"] = userHome, ["TMPDIR"] = temporary },
            "push", file, "--broker", broker.BootstrapServers);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(100, (await ConsumeLines("push-home", 100)).Count);
        Assert.Single(Directory.GetFiles(Path.Combine(faultMavenHome, "push"), "*.json"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(userHome, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporary, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_checkpoint_of_a_replaced_file_is_not_trusted()
    {
        var file = WriteLog("push-replaced.log", 10);
        var store = new PushCheckpointStore(State);
        store.Save(store.Load(file) with { Offset = 100, Complete = true });
        await File.WriteAllTextAsync(file, "2026-11-25 10:00:00 INFO a different file\n");

        Assert.Equal(0, store.Load(file).Offset);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var result = Fm("push", Path.Combine(folder, "nope.log"), "--broker", broker.BootstrapServers);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nope.log", result.Output);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string State => Path.Combine(folder, "state");

    private static IEnumerable<string> Lines(int count) => Enumerable.Range(0, count).Select(i => $"2026-11-25 10:00:00 INFO pushed line {i:D6}");

    private string WriteLog(string name, int lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, Lines(lines));
        return path;
    }

    private async Task<List<string>> ConsumeLines(string source, int expectedLines)
    {
        var lines = new List<string>();
        using var consumer = new Confluent.Kafka.ConsumerBuilder<string, string>(broker.Client.ConsumerConfig($"push-test-{Guid.NewGuid():N}")).Build();
        consumer.Subscribe(Topics.Raw);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (lines.Count < expectedLines && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } record && record.Message.Key == source)
            {
                lines.AddRange(record.Message.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        consumer.Close();
        return lines.OrderBy(l => l, StringComparer.Ordinal).ToList();
    }

    private static FmResult Fm(params string[] arguments) => FmCommand.Run(new Dictionary<string, string>(), arguments);
}
