using System.Buffers;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>The default layouts of the common logging libraries: log4j (also as Hadoop and Spark use it), logback, Spring Boot, Serilog, Microsoft.Extensions.Logging console, Python logging, Android logcat.</summary>
internal sealed partial class LoggingLayoutLineParser : ILineParser
{
    private const string Level = "TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL|SEVERE|NOTICE";
    private const string IsoDateTime = @"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z| ?[+-]\d{2}:?\d{2})?";

    // Grouped by the first character of the line, so a line is matched only against layouts that can start with it.
    private static readonly Regex[] StartingWithDigit = [Log4j(), SpringBoot(), LogbackTimeOnly(), SerilogFile(), PythonNamed(), TimestampAndLevel(), Log4jShortYear()];
    private static readonly Regex[] StartingWithBracket = [SerilogConsole(), TimestampAndLevel()];
    private static readonly Regex[] StartingWithLetter = [MicrosoftConsole(), PythonBasic()];
    private static readonly Regex[] LogcatOnly = [Logcat()];

    // Every layout but logcat's (one-letter levels) spells its level with one of these; a line without any skips the patterns.
    private static readonly SearchValues<string> LevelWords = SearchValues.Create(
        ["trace", "trce", "debug", "dbg", "dbug", "inf", "warn", "wrn", "err", "fail", "fatal", "ftl", "crit", "severe", "notice", "vrb"], StringComparison.OrdinalIgnoreCase);

    public LogFormat Format => LogFormat.LoggingLayout;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        var layouts = text.AsSpan().IndexOfAny(LevelWords) < 0 ? (IsLogcatDate(text) ? LogcatOnly : [])
            : text[0] switch
            {
                >= '0' and <= '9' => IsLogcatDate(text) ? LogcatOnly : StartingWithDigit,
                '[' => StartingWithBracket,
                _ => StartingWithLetter,
            };
        foreach (var layout in layouts)
        {
            var match = layout.Match(text);
            if (match.Success)
            {
                return LineParse.Parsed(PatternFields.ToParsedLine(LogFormat.LoggingLayout, match, PatternFields.Timestamp(match, context.ReceivedAt, TimestampReaders.LoggingLibrary), PatternFields.Level(match)));
            }
        }

        return LineParse.NotRecognized;
    }

    private static bool IsLogcatDate(string text) => text.Length > 20 && text[2] == '-' && text[5] == ' ';

    // 2024-01-02T10:00:00.123Z  INFO 1234 --- [main] c.e.App : msg
    [GeneratedRegex($@"^(?<ts>{IsoDateTime})\s+(?<level>{Level})\s+(?<pid>\d+)\s+---\s+(?:\[(?<service>[^\]]*)\]\s+)?\[\s*(?<thread>[^\]]*)\]\s+(?<logger>\S+)\s*:\s(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SpringBoot();

    // log4j %d [%t] %-5p %c - %m, and logback with a date
    [GeneratedRegex($@"^(?<ts>{IsoDateTime})\s+\[(?<thread>[^\]]+)\]\s+(?<level>{Level})\s+(?<logger>\S+)\s+-\s(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Log4j();

    // logback's default %d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg
    [GeneratedRegex($@"^(?<ts>\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}) \[(?<thread>[^\]]+)\] (?<level>{Level})\s+(?<logger>\S+) - (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex LogbackTimeOnly();

    // Serilog file sink: {Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message}
    [GeneratedRegex(@"^(?<ts>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{2}:\d{2}) \[(?<level>VRB|DBG|INF|WRN|ERR|FTL)\] (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SerilogFile();

    // Serilog console sink: [{Timestamp:HH:mm:ss} {Level:u3}] {Message}
    [GeneratedRegex(@"^\[(?<ts>\d{2}:\d{2}:\d{2}) (?<level>VRB|DBG|INF|WRN|ERR|FTL)\] (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SerilogConsole();

    // fail: Microsoft.AspNetCore.Server.Kestrel[13]  (the message follows on indented lines)
    [GeneratedRegex(@"^(?<level>trce|dbug|info|warn|fail|crit): (?<logger>[\w.+`]+)\[(?<event__id>\d+)\]\s*(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex MicrosoftConsole();

    // Python %(asctime)s - %(name)s - %(levelname)s - %(message)s
    [GeneratedRegex($@"^(?<ts>{IsoDateTime}) - (?<logger>\S+) - (?<level>{Level}) - (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PythonNamed();

    // Python basicConfig: %(levelname)s:%(name)s:%(message)s
    [GeneratedRegex(@"^(?<level>CRITICAL|ERROR|WARNING|INFO|DEBUG):(?<logger>[^:\s]+):(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PythonBasic();

    // Hadoop and Spark: %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m
    [GeneratedRegex($@"^(?<ts>\d{{2}}/\d{{2}}/\d{{2}} \d{{2}}:\d{{2}}:\d{{2}}) (?<level>{Level}) (?<logger>[^\s:]+): (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Log4jShortYear();

    // Android logcat -v threadtime: 01-02 10:00:00.123  1702  2395 D WindowManager: msg
    [GeneratedRegex(@"^(?<ts>\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3})\s+(?<pid>\d+)\s+(?<tid>\d+) (?<level>[VDIWEF]) (?<logger>[^:]*?)\s*: (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Logcat();

    // Anything else that starts with a timestamp and a level: 2024-01-02 10:00:00 [ERROR] msg
    [GeneratedRegex($@"^\[?(?<ts>{IsoDateTime})\]?\s+\[?(?<level>(?i:{Level}))\]?:?\s+(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex TimestampAndLevel();
}
