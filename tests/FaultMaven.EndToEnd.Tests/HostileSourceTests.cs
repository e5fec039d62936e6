using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// Sources nobody planned for, sent by anyone allowed to ingest, never lose a line nor stop the worker: one whose every
/// line is new (a template each, more than one state record could hold before the miner was bounded), and one of random
/// bytes (invalid UTF-8, NUL and control characters, long runs without a space). Every line ends as a row, merged into
/// one, collapsed as a repeat or in a dead letter with its reason.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class HostileSourceTests(RunningSystem system)
{
    // Fixed, so that a failure can be run again on the same input.
    private const int Seed = 20261202;
    private readonly string tag = $"hostile-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task A_source_whose_every_line_is_new_has_every_line_stored_or_dead_lettered()
    {
        // Twelve random words a line, as in the trial that lost 13,749 of 20,000: each line a template of its own, about
        // 150 bytes of miner state each, so the state passed a Kafka record's 1 MB after some 6,500 lines.
        const int Lines = 12_000;
        var source = $"{tag}-words";
        var random = new Random(Seed);
        var lines = Enumerable.Range(0, Lines).Select(_ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => Word(random)))).ToList();

        // Two requests: the test system's body limit is 1 MiB.
        var sent = 0L;
        foreach (var part in lines.Chunk(Lines / 2))
        {
            sent += await Ingest(source, new StringContent(string.Join('\n', part) + "\n", Encoding.UTF8, "text/plain"));
        }

        Assert.Equal(Lines, sent);
        await AssertEveryLineAccountedFor(source, sent);
    }

    [Fact]
    public async Task Random_bytes_end_as_rows_merged_lines_collapsed_repeats_or_dead_letters_and_the_worker_keeps_running()
    {
        var source = $"{tag}-bytes";
        var worker = system.Worker!;
        var random = new Random(Seed);
        var sent = 0L;
        for (var request = 0; request < 2; request++)
        {
            var bytes = new byte[1024 * 1024];
            random.NextBytes(bytes);
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            sent += await Ingest(source, content);
        }

        await AssertEveryLineAccountedFor(source, sent);
        Assert.Same(worker, system.Worker);
        Assert.False(worker.HasExited, $"the worker exited with {(worker.HasExited ? worker.ExitCode : 0)}\n{await system.Diagnostics()}");
    }

    /// <summary>Sends <paramref name="content"/> to <c>/logs/ingest</c> and returns the lines the API counted in it.</summary>
    private async Task<long> Ingest(string source, HttpContent content)
    {
        using var response = await system.Api.PostAsync($"/logs/ingest?source={source}", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("lines").GetInt64();
    }

    /// <summary>
    /// Waits until rows, merged lines, collapsed repeats and dead-lettered lines of <paramref name="source"/> add up to
    /// <paramref name="sent"/>, then, once nothing is in flight, checks that they still do (none counted twice).
    /// </summary>
    private async Task AssertEveryLineAccountedFor(string source, long sent)
    {
        await system.WaitForCount($"{sent} lines of {source} accounted for", async () => (await Accounting(source)).Accounted, sent);
        await system.WaitUntilCaughtUp();
        var accounting = await Accounting(source);
        Assert.True(accounting.Accounted == sent, $"{sent} lines sent, {accounting}\n{await system.Diagnostics()}");
    }

    private Task<LineAccounting> Accounting(string source) => LineAccounting.ReadAsync(system.Database, system.Cipher, source);

    private static string Word(Random random) =>
        string.Create(random.Next(3, 10), random, (letters, r) =>
        {
            for (var i = 0; i < letters.Length; i++)
            {
                letters[i] = (char)('a' + r.Next(26));
            }
        });
}
