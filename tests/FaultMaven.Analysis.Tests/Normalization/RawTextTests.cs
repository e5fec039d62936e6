using System.Text.Json;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Normalization;

/// <summary>
/// A record that carries an event's raw text (Splunk's <c>_raw</c>: HEC string events, Splunk's JSON and CSV exports)
/// is that line: <c>Samples/splunk-raw.log</c> and <c>splunk-csv-export.log</c> show the record's own fields winning.
/// </summary>
public sealed class RawTextTests
{
    /// <summary>The field's name on the wire, as HEC's endpoint and Splunk's exports write it.</summary>
    private const string RawText = "_raw";

    private readonly LogNormalizer normalizer = new();

    [Fact]
    public void Every_sample_line_carried_as_raw_text_in_a_json_record_reads_as_the_line_itself()
    {
        var lines = Directory.GetFiles(SampleFiles.Folder, "*.log").Order().SelectMany(File.ReadAllLines).Where(line => line.Trim().Length > 0).Distinct().ToList();
        var compared = 0;
        foreach (var line in lines)
        {
            // A line that is not one event on its own (a table header, a dead letter) has no event to compare, and one
            // that already carries raw text is its own sample's subject.
            if (line.Contains(RawText, StringComparison.Ordinal) || normalizer.Normalize(Records.Of(line + "\n")).Events is not [var raw])
            {
                continue;
            }

            var carried = Assert.Single(normalizer.Normalize(Records.Of(JsonSerializer.Serialize(new Dictionary<string, string> { [RawText] = line }) + "\n")).Events);

            Assert.Equal($"{line}\n{Describe(raw)}", $"{line}\n{Describe(carried)}");
            compared++;
        }

        Assert.True(compared > 100, $"only {compared} sample lines were compared");
    }

    [Fact]
    public void A_hec_string_event_with_its_own_time_host_and_fields_keeps_them_over_the_text()
    {
        var json = """{"time":"2026-12-01T17:05:00.0000000Z","host":"web-9","region":"eu-west-1","_raw":"2026-12-01T17:00:00Z ERROR hec one"}""";

        var logEvent = Assert.Single(normalizer.Normalize(Records.Of(json + "\n")).Events);

        Assert.Equal(
            (new DateTimeOffset(2026, 12, 1, 17, 5, 0, TimeSpan.Zero), Severity.Error, "hec one", "web-9", "eu-west-1"),
            (logEvent.Timestamp, logEvent.Level, logEvent.Message, logEvent.Host, logEvent.Attributes["region"]));
    }

    /// <summary>Everything but the format, which names the carrier (json) rather than the text's layout.</summary>
    private static string Describe(LogEvent logEvent) =>
        $"{logEvent.Timestamp:O} {logEvent.Level} {logEvent.Service} {logEvent.Host} [{logEvent.Message}] "
        + string.Join(',', logEvent.Attributes.Where(a => a.Key != AttributeKeys.Format).OrderBy(a => a.Key, StringComparer.Ordinal));
}
