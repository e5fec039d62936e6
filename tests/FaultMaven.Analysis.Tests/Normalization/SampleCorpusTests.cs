using System.Text.Json;
using System.Text.Json.Serialization;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Normalization;

/// <summary>
/// Each <c>Samples/x.log</c> is normalized as one record and compared field by field with <c>Samples/x.expected.json</c>.
/// Set FM_UPDATE_SAMPLES=1 to rewrite the expected files from the current output (then review the diff).
/// </summary>
public sealed class SampleCorpusTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2024, 1, 2, 16, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TheoryData<string> Samples() => new(Directory.GetFiles(SampleFiles.Folder, "*.log").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_normalizes_to_its_expected_events(string sample)
    {
        var record = new RawRecord(sample, File.ReadAllBytes(SampleFiles.PathOf(sample + ".log")), new RawOffset(Topics.Raw, 0, 100), ReceivedAt);

        var actual = Expected.From(new LogNormalizer().Normalize(record));

        var expectedPath = SampleFiles.PathOf(sample + ".expected.json");
        if (Environment.GetEnvironmentVariable("FM_UPDATE_SAMPLES") == "1")
        {
            File.WriteAllText(expectedPath, JsonSerializer.Serialize(actual, Json) + "\n");
        }

        var expected = JsonSerializer.Deserialize<Expected>(File.ReadAllText(expectedPath), Json)!;
        Assert.Equal(expected.HeaderLines, actual.HeaderLines);
        Assert.Equal(expected.DeadLetters, actual.DeadLetters);
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        foreach (var (want, got) in expected.Events.Zip(actual.Events))
        {
            Assert.Equal(want.Timestamp, got.Timestamp);
            Assert.Equal(want.Level, got.Level);
            Assert.Equal(want.Service, got.Service);
            Assert.Equal(want.Host, got.Host);
            Assert.Equal(want.Message, got.Message);
            Assert.Equal(want.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal), got.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal));
            Assert.Equal(want.Index, got.Index);
        }
    }

    private sealed record Expected(IReadOnlyList<ExpectedEvent> Events, IReadOnlyList<string> DeadLetters, int HeaderLines)
    {
        public static Expected From(NormalizationResult result) => new(
            [.. result.Events.Select(e => new ExpectedEvent(e.Timestamp, e.Level, e.Service, e.Host, e.Message, new SortedDictionary<string, string>(e.Attributes.ToDictionary(), StringComparer.Ordinal), e.Raw.Index))],
            [.. result.DeadLetters.Select(d => $"line {d.Raw.Index}: {d.Reason}")],
            result.HeaderLines);
    }

    private sealed record ExpectedEvent(DateTimeOffset Timestamp, Severity Level, string? Service, string? Host, string Message, IDictionary<string, string> Attributes, int Index);
}
