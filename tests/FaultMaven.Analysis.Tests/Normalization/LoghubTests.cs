using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Normalization;

/// <summary>Real logs from Loghub (tests/data): each line accounted for, and how many got a timestamp and level of their own.</summary>
public sealed class LoghubTests
{
    public static TheoryData<string> Systems() => new(Directory.GetDirectories(TestData.Path("loghub-2k")).Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Systems))]
    public void Every_line_of_a_loghub_sample_becomes_part_of_exactly_one_event(string system)
    {
        var bytes = File.ReadAllBytes(TestData.Path("loghub-2k", system, $"{system}_2k.log"));

        var result = new LogNormalizer().Normalize(Records.Of(bytes, source: system));

        Assert.Equal(Records.NonBlankLines(bytes), Records.LinesAccountedFor(result));
        Assert.Empty(result.DeadLetters);
    }

    [Theory]
    [InlineData("Spark", "header")]
    [InlineData("Android", "header")]
    [InlineData("OpenSSH", "header")]
    [InlineData("HDFS", "header")]
    [InlineData("Thunderbird", "header")]
    public void Loghub_systems_in_known_layouts_get_every_timestamp_from_the_line(string system, string format)
    {
        var bytes = File.ReadAllBytes(TestData.Path("loghub-2k", system, $"{system}_2k.log"));

        var events = new LogNormalizer().Normalize(Records.Of(bytes, source: system)).Events;

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(format, e.Attributes[AttributeKeys.Format]));
        Assert.DoesNotContain(events, e => e.Timestamp == Records.ReceivedAt);
    }
}
