using System.Collections.Frozen;

namespace FaultMaven.Analysis.Headers;

/// <summary>Header layouts common enough to try when a source does not declare its own.</summary>
public static class HeaderCatalog
{
    /// <summary>
    /// Layouts of formats the normalizer reads with a parser of its own, which does more than split the header (joins a
    /// PostgreSQL error's DETAIL lines, reads klog's source file and line): in <see cref="Common"/> for template mining
    /// and <c>fm detect</c>, never learned as a source's header (<c>HeaderLearning</c>).
    /// </summary>
    public static IReadOnlyList<HeaderFormat> ReadByOwnParsers { get; } =
    [
        // klog / glog, as Kubernetes components write it: "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg" (klog's
        // header documentation), the thread id padded with spaces
        HeaderFormat.Parse(@"<Level><Date> <Time> <Pid> <Component>\] <Content>"),
        // PostgreSQL's stderr log with the default log_line_prefix '%m [%p] ' (PostgreSQL docs, "Error Reporting and
        // Logging"); the severity is followed by a colon and two spaces
        HeaderFormat.Parse(@"<Date> <Time> <Zone> \[<Pid>\] <Level>:  <Content>"),
        // Spring Boot's default console and file layout (Logback's, "Logging" in the Spring Boot reference): level, pid,
        // "---", the thread in brackets padded with spaces to 15 characters and the logger padded to 40 before " : ";
        // the thread is one field whatever its padding, so "[           main]" and "[nio-8080-exec-7]" both leave it
        HeaderFormat.Parse(@"<Date> <Time> <Level> <Pid> --- \[<Thread>\] <Logger> : <Content>"),
        // log4j's PatternLayout with the logger before " - " (its documentation's "%d [%t] %-5p %c - %m%n", and the
        // level before the thread, as logback's and many services' patterns write it), which the normalizer's logging
        // layout parser reads with the logger and thread as attributes
        HeaderFormat.Parse(@"<Date> <Time> \[<Thread>\] <Level> <Logger> - <Content>"),
        HeaderFormat.Parse(@"<Date> <Time> <Level> \[<Thread>\] <Logger> - <Content>"),
        // the same from Spring Boot 3, which writes the timestamp in ISO 8601 with its offset ("2026-12-02T10:00:00.000+01:00")
        HeaderFormat.Parse(@"<Timestamp> <Level> <Pid> --- \[<Thread>\] <Logger> : <Content>"),
        // nginx's error log: "yyyy/MM/dd HH:mm:ss [level] pid#tid: " (ngx_log_error_core in nginx's src/core/ngx_log.c);
        // a connection's "*cid" that follows is the message's
        HeaderFormat.Parse(@"<Date> <Time> \[<Level>\] <Pid>#<Tid>: <Content>"),
        // an application's logging layout with one ISO 8601 timestamp, as Node's and Go's loggers and log4j's ISO8601
        // pattern write it, the level, and the logger, service or module in brackets when the layout names one
        HeaderFormat.Parse(@"<Timestamp> <Level> <Content>"),
        HeaderFormat.Parse(@"<Timestamp> <Level> \[<Component>\] <Content>"),
        // Redis: "pid:role dd Mon yyyy HH:mm:ss.mmm mark " (Redis's serverLogRaw: role X sentinel, C child, S replica,
        // M primary; the mark . - * # for the level, which no other layout's level field would take)
        HeaderFormat.Parse(@"<Pid>:<Role> <Day> <Month> <Year> <Time> <Mark> <Content>"),
        // the systemd journal as journalctl -o short-iso prints it: the ISO 8601 time, the host, the program and its pid
        HeaderFormat.Parse(@"<Timestamp> <Host> <Component>(\[<Pid>\])?: <Content>"),
    ];

    /// <summary>Every layout tried when a source does not declare its own, most common first.</summary>
    public static IReadOnlyList<HeaderFormat> Common { get; } =
    [
        // Java services (log4j / logback defaults and their Hadoop-family variants)
        HeaderFormat.Parse("<Date> <Time> <Level> <Component>: <Content>"),
        HeaderFormat.Parse("<Date> <Time> <Pid> <Level> <Component>: <Content>"),
        HeaderFormat.Parse(@"<Date> <Time> <Level> \[<Thread>\] <Component>: <Content>"),
        HeaderFormat.Parse(@"<Date> <Time> - <Level>  \[<Thread>\] - <Content>"),
        HeaderFormat.Parse("<Date> <Time> <Level> <Content>"),
        HeaderFormat.Parse(@"<Date> <Time> \[<Level>\] <Content>"),
        // RabbitMQ 3.9+ (its logging docs): the Erlang process that logged, in angle brackets, after the level
        HeaderFormat.Parse(@"<Date> <Time> \[<Level>\] <Process> <Content>"),
        HeaderFormat.Parse(@"\[<Date> <Time>\] <Level> <Content>"),
        HeaderFormat.Parse(@"<Date> <Time> <Pid> <Level> <Component> \[<Request>\] <Content>"),
        // Android logcat (threadtime)
        HeaderFormat.Parse("<Date> <Time> <Pid> <Tid> <Level> <Component>: <Content>"),
        // syslog (RFC 3164) with and without a pid, and behind a collector's extra columns; macOS's launchd and sandboxd
        // write the sender's context in parentheses after the pid ("sandboxd[129] ([31211]):")
        HeaderFormat.Parse(@"<Month> <Day> <Time> <Host> <Component>\[<Pid>\]( \(<Context>\))?: <Content>"),
        HeaderFormat.Parse(@"<Month> <Day> <Time> <Host> <Component>(\[<Pid>\])?: <Content>"),
        HeaderFormat.Parse(@"<Label> <Timestamp> <Date> <Node> <Month> <Day> <Time> <Location> <Component>(\[<Pid>\])?: <Content>"),
        HeaderFormat.Parse(@"<Month> <Day> <Time> <Host> <Component> <Program>\[<Pid>\]: <Content>"),
        // a network device's message relayed by a syslog server, after the server's header: the device's own sequence
        // number and clock ("062643: Dec  2 10:00:00.000 UTC:", Cisco IOS's "service sequence-numbers" and "service
        // timestamps log datetime msec show-timezone"; "*" before the month when the clock is not synchronised)
        HeaderFormat.Parse(@"<Month> <Day> <Time> <Host> <Seq>: <DeviceMonth> <DeviceDay> <DeviceTime>( <Zone>)?: <Content>"),
        // pipe-separated mobile app logs
        HeaderFormat.Parse(@"<Time>\|<Component>\|<Pid>\|<Content>"),
        // bracketed timestamp then program, as desktop proxies and agents write
        HeaderFormat.Parse(@"\[<Time>\] <Program> - <Content>"),
        HeaderFormat.Parse(@"\[<Time>\] \[<Level>\] <Content>"),
        // supercomputer RAS logs
        HeaderFormat.Parse("<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>"),
        // Windows CBS
        HeaderFormat.Parse("<Date> <Time>, <Level> <Component> <Content>"),
        // Tomcat's OneLineFormatter (catalina.out): "dd-MMM-yyyy HH:mm:ss.SSS LEVEL [thread] class.method message"
        HeaderFormat.Parse(@"<Date> <Time> <Level> \[<Thread>\] <Logger> <Content>"),
        // Cassandra's logback pattern "%-5level [%thread] %date{ISO8601} %F:%L - %msg" (its conf/logback.xml): the level
        // first, the source file and line before a dash
        HeaderFormat.Parse(@"<Level> \[<Thread>\] <Date> <Time> <File>:<Line> - <Content>"),
        // MySQL 8's error log: ISO 8601 time, thread id, [priority] [error code] [subsystem] (MySQL reference manual,
        // "Error Log Message Format"); its priorities System and Note are levels in brackets
        HeaderFormat.Parse(@"<Timestamp> <Thread> \[<Level>\] \[<ErrCode>\] \[<Subsystem>\] <Content>"),
        // PgBouncer: "yyyy-MM-dd HH:mm:ss.SSS zone [pid] LEVEL message", PostgreSQL's prefix without the colon
        HeaderFormat.Parse(@"<Date> <Time> <Zone> \[<Pid>\] <Level> <Content>"),
        // HashiCorp's hclog (Consul, Vault, Nomad, Terraform): the ISO 8601 time, the level in brackets padded to five
        // letters, and the logger's name before a colon when it has one
        HeaderFormat.Parse(@"<Timestamp> \[<Level>\] <Component>: <Content>"),
        HeaderFormat.Parse(@"<Timestamp> \[<Level>\] <Content>"),
        // log4j2 layouts of bracketed fields written side by side, each padded to a width: Elasticsearch's and
        // OpenSearch's "[%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n" (their log4j2.properties), and the same
        // without the node, as Logstash writes it
        HeaderFormat.Parse(@"\[<Timestamp>\]\[<Level>\]\[<Component>\] \[<Node>\] <Content>"),
        HeaderFormat.Parse(@"\[<Timestamp>\]\[<Level>\]\[<Component>\] <Content>"),
        // Celery's worker_log_format and worker_task_log_format defaults (its configuration reference):
        // "[%(asctime)s: %(levelname)s/%(processName)s] %(message)s"
        HeaderFormat.Parse(@"\[<Date> <Time>: <Level>/<ProcessName>\] <Content>"),
        // Apache Solr's log4j2 pattern (its server/resources/log4j2.xml): "%d %-5p (%t) [%X{collection} %X{shard}
        // %X{replica} %X{core}] %c{1.} %m", the bracket blank on threads that serve no core
        HeaderFormat.Parse(@"<Date> <Time> <Level> \(<Thread>\) \[<Mdc>\] <Logger> <Content>"),
        // MongoDB before 4.4 (its "Log Messages" reference): "<timestamp> <severity> <component> [<context>] <message>",
        // the severity a letter (F, E, W, I, D) and the component padded (NETWORK, COMMAND, STORAGE, "-" for none)
        HeaderFormat.Parse(@"<Timestamp> <Level> <Component> \[<Context>\] <Content>"),
        // Samba's debug header (its smb.conf "debug hires timestamp" and "debug prefix timestamp" reference): the time in
        // brackets with the message's debug level after a comma, then the source file and line with the function in
        // parentheses; the message follows after two spaces
        HeaderFormat.Parse(@"\[<Date> <Time>, <DebugLevel>\] <Source>\(<Function>\) <Content>"),
        .. ReadByOwnParsers,
    ];

    private static readonly FrozenDictionary<string, HeaderFormat> ByLayout =
        Common.Append(HeaderFormat.WholeLine).ToFrozenDictionary(format => format.Layout, StringComparer.Ordinal);

    /// <summary>
    /// The catalog layout spelled <paramref name="layout"/> (or <see cref="HeaderFormat.WholeLine"/>), else the layout
    /// <see cref="ColumnHeader"/> or <see cref="LogfmtHeader"/> learned under that spelling; null when neither has one, e.g. after the catalog changed.
    /// </summary>
    public static HeaderFormat? Find(string layout) => ByLayout.GetValueOrDefault(layout) ?? ColumnHeader.Find(layout) ?? LogfmtHeader.Find(layout);

    /// <summary>
    /// Whether the normalizer reads lines of <paramref name="format"/> with a parser of its own rather than by the layout:
    /// <see cref="ReadByOwnParsers"/> and the logfmt headers (<see cref="LogfmtHeader"/>), whose lines its logfmt parser
    /// reads pair by pair. Never learned as a source's header.
    /// </summary>
    public static bool IsReadByOwnParser(HeaderFormat format) => ReadByOwnParsers.Contains(format) || LogfmtHeader.Owns(format);
}
