using System.Diagnostics;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>A real log shipper: Debian's rsyslog with omkafka, tailing a file and writing to the dev broker.</summary>
[Collection(SharedSystemCollection.Name)]
public sealed class RsyslogShipperTests(RunningSystem system) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faultmaven-rsyslog-").FullName;
    private Process? rsyslog;

    [Fact]
    public async Task Lines_appended_to_a_file_tailed_by_rsyslog_arrive_normalized_in_postgres()
    {
        var logFile = Path.Combine(folder, "app.log");
        await File.WriteAllTextAsync(logFile, "");
        rsyslog = StartRsyslog(logFile);

        await File.AppendAllLinesAsync(logFile,
        [
            "2026-11-25T10:00:00Z INFO order 1 accepted",
            "2026-11-25T10:00:01Z ERROR order 2 failed: card declined",
            "{\"level\":\"warn\",\"msg\":\"inventory low\",\"service\":\"stock\"}",
        ]);

        await system.WaitForCount("3 rsyslog lines stored", () => system.CountLogs("rsyslog-app"), 3);
        var levels = (await system.GetJson("/logs?source=rsyslog-app")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("level").GetString()).Order().ToList();
        Assert.Equal(["error", "info", "warn"], levels);
    }

    public void Dispose()
    {
        if (rsyslog is { HasExited: false })
        {
            rsyslog.Kill();
            rsyslog.WaitForExit();
        }

        rsyslog?.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private Process StartRsyslog(string logFile)
    {
        const string Module = "/usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so";
        if (!File.Exists(Module))
        {
            throw new InvalidOperationException($"{Module} is missing: run scripts/test.sh, which installs rsyslog-kafka, or apt-get install -y rsyslog-kafka");
        }

        var work = Directory.CreateDirectory(Path.Combine(folder, "work")).FullName;
        var config = Path.Combine(folder, "rsyslog.conf");
        File.WriteAllText(config, $$"""
            global(workDirectory="{{work}}")
            module(load="imfile" mode="polling" PollingInterval="1")
            module(load="omkafka")
            template(name="line" type="string" string="%msg%")
            ruleset(name="to-kafka") {
              action(type="omkafka" broker=["{{system.BootstrapServers}}"] topic="logs.raw" key="rsyslog-app" template="line")
            }
            input(type="imfile" File="{{logFile}}" Tag="app" ruleset="to-kafka" freshStartTail="off")
            """);
        var process = Process.Start(new ProcessStartInfo("rsyslogd", ["-n", "-f", config, "-i", Path.Combine(folder, "rsyslogd.pid")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("rsyslogd did not start");
        return process.HasExited ? throw new InvalidOperationException($"rsyslogd exited: {process.StandardError.ReadToEnd()}") : process;
    }
}
