using System.Text;
using FaultMaven.Api.Ingestion;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Api.Tests;

public sealed class IngestionLimitsTests
{
    [Fact]
    public async Task A_line_longer_than_a_record_may_be_is_cut_at_character_boundaries_into_records_within_the_limit()
    {
        // "é" is two bytes in UTF-8, so a cut at an odd byte count would land inside a character.
        var line = "start " + string.Concat(Enumerable.Repeat("é", 3000)) + " end";
        var input = Encoding.UTF8.GetBytes($"short line\n{line}\nlast\n");

        var records = await LineChunker.ChunksAsync(new MemoryStream(input), maxChunkBytes: 1024, maxLineBytes: 1001).ToListAsync();

        Assert.All(records, record => Assert.InRange(record.Length, 1, 1024));
        Assert.All(records, record => Assert.Equal(record, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(record))));
        Assert.Equal(input, records.SelectMany(record => record).ToArray());
        Assert.True(records.Count >= 7, $"{records.Count} records");
    }

    [Fact]
    public async Task Under_the_reject_policy_a_body_with_a_line_over_the_limit_is_refused_naming_the_line_before_anything_is_produced()
    {
        var options = new IngestionOptions { MaxLineBytes = 1024, OversizedLines = OversizedLines.Reject };
        var body = Encoding.ASCII.GetBytes("fine\nfine too\n" + new string('x', 1025) + "\n");

        var refused = await Assert.ThrowsAsync<LineTooLongException>(() => IngestBuffer.ReadAsync(new MemoryStream(body), options, CancellationToken.None));

        Assert.Equal(3, refused.Line);
        await using var accepted = await IngestBuffer.ReadAsync(new MemoryStream(body[..^2]), options, CancellationToken.None);
        Assert.Equal(body.Length - 2, accepted.Length);
    }
}
