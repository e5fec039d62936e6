using System.Globalization;
using System.Text;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.LoadDriver;

/// <summary>One logs.raw record to push: whole lines, cut by <see cref="LineChunker"/> as <c>fm push</c> cuts them.</summary>
/// <param name="Ordinal">Position in the push order.</param>
/// <param name="LinesBefore">Lines of all chunks before this one, for pacing.</param>
public sealed record Chunk(int Ordinal, string Source, byte[] Value, int Lines, long LinesBefore);

/// <summary>The lines of a run, read or generated up front so that reading them does not count as pushing.</summary>
public sealed record LoadInput(string Description, IReadOnlyList<Chunk> Chunks, long Lines, long Bytes)
{
    /// <summary>
    /// Reads the first <paramref name="lines"/> non-blank lines of <paramref name="file"/> (from the start again when it has
    /// fewer), or generates them, cuts them into chunks and deals the chunks round-robin to the sources
    /// <c>load-0</c>…<c>load-K-1</c>, so each source's lines keep their order. Blank lines are skipped because the
    /// normalizer skips them: every pushed line must be accounted for.
    /// </summary>
    public static async Task<LoadInput> CreateAsync(string? file, int lines, int sources, int chunkBytes)
    {
        var text = new MemoryStream();
        string description;
        if (file is null)
        {
            SyntheticMix.Write(text, lines, DateTimeOffset.UtcNow);
            description = $"generated mix ({SyntheticMix.Description})";
        }
        else
        {
            var passes = CopyLines(file, text, lines);
            description = passes > 1 ? $"{Path.GetFileName(file)} (cycled: {passes} passes over the file)" : Path.GetFileName(file);
        }

        var bytes = text.Length;
        text.Position = 0;
        var chunks = new List<Chunk>();
        long before = 0;
        await foreach (var chunk in LineChunker.ChunksAsync(text, LineChunker.DefaultMaxLineBytes, chunkBytes))
        {
            var count = chunk.Value.AsSpan().Count((byte)'\n');
            chunks.Add(new Chunk(chunks.Count, $"load-{chunks.Count % sources}", chunk.Value, count, before));
            before += count;
        }

        return new LoadInput(description, chunks, before, bytes);
    }

    /// <returns>How many passes over the file it took.</returns>
    private static int CopyLines(string file, Stream output, int lines)
    {
        var written = 0;
        var passes = 0;
        while (written < lines)
        {
            passes++;
            var before = written;
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                output.Write(Encoding.UTF8.GetBytes(line));
                output.WriteByte((byte)'\n');
                if (++written == lines)
                {
                    break;
                }
            }

            if (written == before)
            {
                throw new ArgumentException($"--file {file} has no non-blank lines");
            }
        }

        return passes;
    }
}

/// <summary>
/// A deterministic mix of the formats the normalizer reads (plain text with a header, JSON, logfmt, syslog, access log,
/// klog), with bursts of exact repeats (collapsed downstream) and an occasional JSON line with an invalid escape (a dead letter), so a
/// run exercises every term of the identity. No health-check paths, which the default filter drops.
/// </summary>
public static class SyntheticMix
{
    public const string Description = "plain, JSON, logfmt, syslog, access log, klog; a 5-line repeat burst every 500 lines; 1 JSON line with an invalid escape per 2,000";

    private const int BurstEvery = 500;
    private const int BurstLength = 5;
    private const int BrokenEvery = 2_000;

    private static readonly Func<Random, DateTimeOffset, string>[] Templates =
    [
        (r, t) => $"{Iso(t)} INFO  [http-nio-8080-exec-{r.Next(1, 40)}] c.e.checkout.OrderService - order {r.Next(100_000, 999_999)} placed in {r.Next(3, 900)} ms",
        (r, t) => $"{Iso(t)} WARN  [pool-{r.Next(1, 8)}] c.e.db.ConnectionPool - pool at {r.Next(70, 100)}% ({r.Next(20, 50)}/50 connections in use)",
        (r, t) => $"{Iso(t)} ERROR [http-nio-8080-exec-{r.Next(1, 40)}] c.e.payment.GatewayClient - payment gateway timeout after {r.Next(1_000, 30_000)} ms (order {r.Next(100_000, 999_999)})",
        (r, t) => $$"""{"time":"{{Iso(t)}}","level":"info","msg":"cache lookup","key":"user:{{r.Next(1, 50_000)}}","hit":{{(r.Next(2) == 0 ? "true" : "false")}},"latency_ms":{{r.Next(0, 40)}}}""",
        (r, t) => $$"""{"time":"{{Iso(t)}}","level":"warn","msg":"retry scheduled","attempt":{{r.Next(1, 5)}},"service":"billing"}""",
        (r, t) => $"time={Iso(t)} level=debug msg=\"scheduler tick\" queue=jobs depth={r.Next(0, 500)} worker={r.Next(1, 16)}",
        (r, t) => $"time={Iso(t)} level=info msg=\"job finished\" job=export-{r.Next(1, 9_999)} duration={r.Next(1, 120)}s",
        (r, t) => $"<86>1 {Iso(t)} web-{r.Next(1, 6)} sshd {r.Next(1_000, 9_999)} - - Accepted publickey for deploy from 10.0.{r.Next(0, 255)}.{r.Next(1, 255)} port {r.Next(30_000, 60_000)} ssh2",
        (r, t) => $"10.1.{r.Next(0, 255)}.{r.Next(1, 255)} - - [{t.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture)}] \"GET /api/orders/{r.Next(1, 99_999)} HTTP/1.1\" {(r.Next(20) == 0 ? 503 : 200)} {r.Next(200, 9_000)}",
        (r, t) => $"I{t.ToString("MMdd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}    {r.Next(1, 99)} controller.go:{r.Next(100, 400)}] \"Reconciled\" pod=\"default/web-{r.Next(1, 30)}\"",
    ];

    /// <summary>Writes <paramref name="lines"/> lines, one millisecond apart from <paramref name="start"/> on.</summary>
    public static void Write(Stream output, int lines, DateTimeOffset start)
    {
        var random = new Random(20261130);
        var written = 0;
        while (written < lines)
        {
            var time = start.AddMilliseconds(written);
            string line;
            var repeat = 1;
            // Halfway between bursts, so a burst never covers it.
            if (written % BrokenEvery == BrokenEvery / 2)
            {
                line = $$"""{"time":"{{Iso(time)}}","level":"error","msg":"upstream closed \q"}""";
            }
            else if (written % BurstEvery == BurstEvery - BurstLength)
            {
                line = $"{Iso(time)} ERROR [kafka-producer-network-thread] c.e.events.Publisher - broker 3 not available, batch of {random.Next(10, 99)} events requeued";
                repeat = BurstLength;
            }
            else
            {
                line = Templates[random.Next(Templates.Length)](random, time);
            }

            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            for (var i = 0; i < repeat && written < lines; i++, written++)
            {
                output.Write(bytes);
            }
        }
    }

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
