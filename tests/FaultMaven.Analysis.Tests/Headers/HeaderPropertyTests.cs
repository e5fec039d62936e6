using CsCheck;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Masking;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Tests.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Headers;

/// <summary>Generated lines in the shapes of the catalog's layouts (CsCheck shrinks a failure to a minimal line).</summary>
public sealed class HeaderPropertyTests
{
    private static readonly string[] Levels = ["INFO", "WARN", "ERROR", "DEBUG", "FATAL", "TRACE", "WARNING", "notice", "E", "I"];

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz.$_-0123456789"], 1, 12];
    private static readonly Gen<string> Level = Gen.OneOf(Levels);
    private static readonly Gen<string> Content = Gen.String[Gen.Char["abcdefgh ijk:[]-=/.,0123456789 "], 0, 60];
    private static readonly Gen<DateTime> Instant = Gen.DateTime[new DateTime(2001, 1, 1), new DateTime(2030, 12, 31)].Select(t => new DateTime(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond)));

    /// <summary>One generator per kind of header: HDFS, Hadoop, Spark, Zookeeper, BGL, syslog file, Android, OpenStack.</summary>
    private static readonly Gen<string>[] Kinds =
    [
        Gen.Select(Instant, Gen.Int[1, 99999], Level, Word, Content, (t, pid, level, component, content) => $"{t:yyMMdd HHmmss} {pid} {level} {component}: {content}"),
        Gen.Select(Instant, Level, Content, Word, Content, (t, level, thread, component, content) => $"{t:yyyy-MM-dd HH:mm:ss,fff} {level} [{thread.Replace("]", "")}] {component}: {content}"),
        Gen.Select(Instant, Level, Word, Content, (t, level, component, content) => $"{t:yy/MM/dd HH:mm:ss} {level} {component}: {content}"),
        Gen.Select(Instant, Level, Word, Content, (t, level, thread, content) => $"{t:yyyy-MM-dd HH:mm:ss,fff} - {level,-5} [{thread}] - {content}"),
        Gen.Select(Gen.Int[1_000_000_000, 1_300_000_000], Word, Level, Content, (epoch, node, level, content) => $"- {epoch} 2005.06.03 {node} 2005-06-03-15.42.50.675872 {node} RAS KERNEL {level} {content}"),
        Gen.Select(Instant, Word, Word, Gen.Int[1, 99999], Content, (t, host, program, pid, content) => $"{t:MMM d HH:mm:ss} {host} {program}[{pid}]: {content}"),
        Gen.Select(Instant, Gen.Int[1, 9999], Gen.OneOf("V", "D", "I", "W", "E", "F"), Word, Content, (t, pid, level, tag, content) => $"{t:MM-dd HH:mm:ss.fff}  {pid}  {pid + 7} {level} {tag}: {content}"),
        Gen.Select(Instant, Gen.Int[1, 99999], Level, Word, Content, (t, pid, level, component, content) => $"{t:yyyy-MM-dd HH:mm:ss.fff} {pid} {level} {component} [req-{pid} - - -] {content}"),
    ];

    private static readonly Gen<string> Line = Gen.OneOf(Kinds);

    /// <summary>Lines that are near a layout: generated lines with characters dropped, doubled or replaced.</summary>
    private static readonly Gen<string> Mangled = Gen.Select(Line, Gen.Int[0, 200], Gen.Int[0, 3], Gen.Char["[]: -|x0"], (line, at, how, c) =>
    {
        var i = at % Math.Max(1, line.Length);
        return how switch
        {
            0 => line.Remove(i, 1),
            1 => line.Insert(i, c.ToString()),
            2 => line[..i] + c + line[Math.Min(line.Length, i + 1)..],
            _ => line,
        };
    });

    [Fact]
    public void The_hand_written_matcher_finds_the_fields_the_regular_expression_finds_for_every_catalog_layout()
    {
        Gen.Select(Gen.OneOf(Line, Mangled), Gen.Int[0, HeaderCatalog.Common.Count - 1]).Sample((line, index) =>
        {
            var format = HeaderCatalog.Common[index];
            var byMatcher = new Range[format.Fields.Count];
            var byRegex = new Range[format.Fields.Count];

            var matched = format.TryMatch(line, byMatcher);
            var regexMatched = format.TryMatchRegex(line.AsSpan().Trim(), byRegex);

            return matched == regexMatched && (!matched || byMatcher.Select(r => line[r]).SequenceEqual(byRegex.Select(r => line.Trim()[r])));
        }, iter: 5_000);
    }

    [Fact]
    public void Live_and_offline_give_the_same_level_timestamp_and_message_for_the_same_lines()
    {
        var normalizer = new LogNormalizer(new NormalizerOptions { Masking = MaskingOptions.None });
        // A source writes one kind of header; a few of its lines may be anything else.
        var source = Gen.Int[0, Kinds.Length - 1].SelectMany(kind => Gen.Frequency((9, Kinds[kind]), (1, Mangled)).Array[1, 30]);
        source.Sample(lines =>
        {
            // Offline: fm templates / fm analyze detect from the first lines of the file and read each line with that header.
            // A layout without a year places its timestamps near the date the input's other lines give, as live does.
            var record = Records.Of(string.Join('\n', lines));
            var header = HeaderDetector.Detect(lines).Format;
            var reference = header.LacksYear ? new InputDates(LineReader.Read(record.Value, NormalizerOptions.Default.MaxEventBytes).Lines, Records.ReceivedAt).Reference : Records.ReceivedAt;
            var offline = lines.Select(line => header == HeaderFormat.WholeLine ? null : header.Read(line, reference)).ToList();

            var live = normalizer.Normalize(record).Events.ToDictionary(e => e.Raw.Index);

            // Every line the header reads starts an event with the same level, timestamp and message (a stack-trace-like
            // line after it may have joined it); the lines it does not read are left to the other formats. An indented
            // line continues the event above it live (multi-line merging), whatever it holds, so it starts none. Where
            // the header gives no level or no timestamp, live may fill them from the message or the line before.
            return offline.Select((read, index) => (read, index)).Where(line => line.read is not null && !char.IsWhiteSpace(lines[line.index][0])).All(line =>
                live.TryGetValue(line.index, out var logEvent)
                && (line.read!.Level == Severity.Unknown || logEvent.Level == line.read.Level)
                && (line.read.Timestamp is null || logEvent.Timestamp == line.read.Timestamp)
                && (logEvent.Message == line.read.Content || logEvent.Message.StartsWith(line.read.Content + "\n", StringComparison.Ordinal))
                && logEvent.Attributes[AttributeKeys.Format] == "header");
        }, iter: 400);
    }
}
