namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>
/// Lines of the header layout learned for their source (<see cref="ParseContext.Header"/>: HDFS, Hadoop, BGL, Spark,
/// Zookeeper…), read exactly as the offline commands read them (<see cref="Headers.HeaderFormat.Read"/>).
/// </summary>
internal sealed class HeaderLineParser : ILineParser
{
    public LogFormat Format => LogFormat.Header;

    public LineParse Parse(LogLine line, in ParseContext context) =>
        context.Header?.Read(line.Text, context.Header.LacksYear ? context.DateReference : context.ReceivedAt) is { } read
            ? LineParse.Parsed(new ParsedLine(LogFormat.Header, read.Timestamp, read.Level, read.Content, read.Service, read.Host, Attributes: read.Attributes))
            : LineParse.NotRecognized;
}
