using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>
/// The default layouts of the common logging libraries: log4j (also as Hadoop and Spark use it), logback, Spring Boot,
/// Serilog, Microsoft.Extensions.Logging console, Python logging, Android logcat; and the servers that write their own:
/// the MySQL/MariaDB error log and Redis; and a line that starts with its level and nothing else of a layout
/// (<see cref="LevelFirst"/>).
/// </summary>
internal sealed partial class LoggingLayoutLineParser : ILineParser
{
    private const string Level = "TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL|SEVERE|NOTICE";
    // The level words a line may start with (LevelFirst): the layouts' own, and syslog's short err and crit.
    private const string LeadingLevel = Level + "|ERR|CRIT";
    private const string IsoDateTime = @"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z| ?[+-]\d{2}:?\d{2})?";

    // Grouped by the first character of the line, so a line is matched only against layouts that can start with it.
    private static readonly Regex[] StartingWithDigit = [Log4j(), SpringBoot(), LogbackTimeOnly(), SerilogFile(), PythonNamed(), MySqlError(), TimestampAndLevel(), Log4jShortYear(), LevelFirst()];
    private static readonly Regex[] StartingWithBracket = [SerilogConsole(), TimestampAndLevel(), LevelFirst()];
    private static readonly Regex[] StartingWithLetter = [MicrosoftConsole(), PythonBasic(), LevelFirst()];
    private static readonly Regex[] LogcatOnly = [Logcat()];
    private static readonly Regex[] RedisOnly = [Redis()];

    // Every layout but logcat's (one-letter levels) spells its level with one of these; a line without any skips the patterns.
    private static readonly SearchValues<string> LevelWords = SearchValues.Create(
        ["trace", "trce", "debug", "dbg", "dbug", "inf", "warn", "wrn", "err", "fail", "fatal", "ftl", "crit", "severe", "notice", "vrb", "[note]", "[system]"], StringComparison.OrdinalIgnoreCase);

    public LogFormat Format => LogFormat.LoggingLayout;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        if (IsRedisRole(text))
        {
            var redis = Redis().Match(text);
            return redis.Success
                ? LineParse.Parsed(PatternFields.ToParsedLine(LogFormat.LoggingLayout, redis, PatternFields.Timestamp(redis, context.ReceivedAt, DayMonthYear), SeverityParser.FromRedisMark(redis.Groups["level"].ValueSpan[0])))
                : LineParse.NotRecognized;
        }

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
                var reader = layout == MySqlError() ? SpacedIso : TimestampReaders.LoggingLibrary;
                return LineParse.Parsed(PatternFields.ToParsedLine(LogFormat.LoggingLayout, match, PatternFields.Timestamp(match, LacksDate(layout) ? context.DateReference : context.ReceivedAt, reader), PatternFields.Level(match)));
            }
        }

        return LineParse.NotRecognized;
    }

    private static bool LacksDate(Regex layout) => layout == LogbackTimeOnly() || layout == SerilogConsole() || layout == Logcat();

    private static bool IsLogcatDate(string text) => text.Length > 20 && text[2] == '-' && text[5] == ' ';

    /// <summary>Redis 3+: <c>pid:role </c> where the role is one letter (C child, M master, S replica, X sentinel).</summary>
    private static bool IsRedisRole(string text)
    {
        var colon = text.IndexOf(':');
        return colon is > 0 and < 8 && text.Length > colon + 25 && text[colon + 2] == ' ' && text[(colon + 1)] is 'C' or 'M' or 'S' or 'X'
            && !text.AsSpan(0, colon).ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>Redis's <c>13 Jul 2020 17:01:56.963</c>, read as UTC.</summary>
    private static readonly TimestampReader DayMonthYear = (text, _, out value) =>
        DateTimeOffset.TryParseExact(text, ["d MMM yyyy HH:mm:ss.fff", "d MMM yyyy HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    /// <summary>An ISO date and time with the space runs and one-digit hour of the MySQL/MariaDB error log (<c>2024-05-06  9:31:16</c>).</summary>
    private static readonly TimestampReader SpacedIso = (text, _, out value) =>
    {
        var separator = text.IndexOfAny(' ', 'T');
        if (separator < 0)
        {
            return TimestampParser.TryParseIso(text, out value);
        }

        var time = text[separator..].TrimStart(" T");
        Span<char> joined = stackalloc char[separator + 2 + time.Length];
        text[..separator].CopyTo(joined);
        joined[separator] = 'T';
        var position = separator + 1;
        if (time.IndexOf(':') == 1)
        {
            joined[position++] = '0';
        }

        time.CopyTo(joined[position..]);
        return TimestampParser.TryParseIso(joined[..(position + time.Length)], out value);
    };

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

    // MySQL 5.7/8 and MariaDB error log: 2024-05-06  9:31:16 0 [Warning] msg, 2024-05-06T10:02:46.123456Z 8 [ERROR] [MY-010584] [Repl] msg
    [GeneratedRegex(@"^(?<ts>\d{4}-\d{2}-\d{2}(?:T| +)\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?) +(?<tid>\d+) \[(?<level>Note|Warning|Warn|ERROR|Error|System|Info|Debug)\] (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex MySqlError();

    // Redis 3+: 1:M 13 Jul 2020 17:01:56.963 * msg (the mark is the level)
    [GeneratedRegex(@"^(?<pid>\d+):(?<redis__role>[CMSX]) (?<ts>\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?) (?<level>[.*#-]) (?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Redis();

    // A level first, without a timestamp (the line takes its neighbour's, or the arrival time): ERROR msg, [error] msg,
    // error: msg, WARN com.example.Job: msg, INFO | main | msg, and after a pid or thread number, 4242 ERROR msg. A
    // level word alone is one only in capitals: "error rates look fine" and "Warning signs ahead" are prose, while
    // brackets or a colon right after the word (error: x, [warn] x) mark a level in any case.
    [GeneratedRegex($@"^(?:(?<pid>\d+)\s+)?(?:\[(?<level>(?i:{LeadingLevel}))\]:?|(?<level>(?i:{LeadingLevel})):|(?<level>{LeadingLevel}))(?:\s+[-|])?\s+(?<msg>\S.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex LevelFirst();

    // Anything else that starts with a timestamp and a level: 2024-01-02 10:00:00 [ERROR] msg
    [GeneratedRegex($@"^\[?(?<ts>{IsoDateTime})\]?\s+\[?(?<level>(?i:{Level}))\]?:?\s+(?<msg>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex TimestampAndLevel();
}
