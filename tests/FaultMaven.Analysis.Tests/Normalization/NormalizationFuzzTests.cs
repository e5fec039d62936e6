using System.Text;
using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Analysis.Tests.Normalization;

/// <summary>Seeded random inputs: the normalizer never throws and accounts for every non-blank line.</summary>
public sealed class NormalizationFuzzTests
{
    private const int Cases = 3000;
    private static readonly string[] SampleLines = [.. Directory.GetFiles(SampleFiles.Folder, "*.log").SelectMany(File.ReadAllLines)];

    private readonly LogNormalizer normalizer = new(new NormalizerOptions { MaxEventBytes = 4096 });

    [Fact]
    public void Random_records_never_throw_and_every_line_is_an_event_line_a_dead_letter_a_header_or_blank()
    {
        var random = new Random(20240102);
        for (var i = 0; i < Cases; i++)
        {
            var bytes = RandomRecord(random);

            var result = normalizer.Normalize(Records.Of(bytes, offset: i));

            if (Records.NonBlankLines(bytes) != Records.LinesAccountedFor(result)
                || Records.Lines(bytes) != result.Lines
                || result.Lines != Records.LinesAccountedFor(result) + result.BlankLines)
            {
                Assert.Fail($"case {i} lost or duplicated lines: {Convert.ToBase64String(bytes)}");
            }
        }
    }

    [Fact]
    public void Random_records_through_the_stateful_api_account_for_every_line_once_flushed()
    {
        var random = new Random(7);
        var state = SourceState.Empty;
        var inputLines = 0;
        var accounted = 0;
        for (var i = 0; i < Cases; i++)
        {
            var bytes = RandomRecord(random);
            inputLines += Records.NonBlankLines(bytes);
            var receivedAt = Records.ReceivedAt.AddMilliseconds(i * random.Next(0, 1500));

            (var result, state) = normalizer.Accept(Records.Of(bytes, offset: i, receivedAt: receivedAt), SourceState.FromJson(state.ToJson()));
            accounted += Records.LinesAccountedFor(result);
            if (random.Next(10) == 0)
            {
                (result, state) = normalizer.Flush(state, receivedAt.AddSeconds(random.Next(0, 4)));
                accounted += Records.LinesAccountedFor(result);
            }
        }

        accounted += Records.LinesAccountedFor(normalizer.Flush(state, DateTimeOffset.MaxValue).Result);
        Assert.Equal(inputLines, accounted);
    }

    private static byte[] RandomRecord(Random random)
    {
        var output = new List<byte>();
        var lines = random.Next(1, 12);
        for (var i = 0; i < lines; i++)
        {
            output.AddRange(random.Next(9) switch
            {
                0 => RandomBytes(random, random.Next(0, 200)),
                1 => Truncated(SampleLines[random.Next(SampleLines.Length)], random),
                2 => Encoding.UTF8.GetBytes(new string((char)random.Next('a', 'z'), random.Next(4000, 20000))),
                3 => Encoding.Latin1.GetBytes("caf\u00e9 " + SampleLines[random.Next(SampleLines.Length)]),
                4 => Encoding.Unicode.GetBytes(SampleLines[random.Next(SampleLines.Length)]),
                5 => Encoding.UTF8.GetBytes("{\"level\":\"error\",\"msg\":\"" + new string('x', random.Next(0, 50))),
                _ => Encoding.UTF8.GetBytes(SampleLines[random.Next(SampleLines.Length)]),
            });
            output.AddRange(random.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }

        return [.. output];
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Truncated(string line, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        return bytes[..random.Next(0, bytes.Length + 1)];
    }
}
