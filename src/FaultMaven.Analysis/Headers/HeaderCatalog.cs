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
        // pipe-separated mobile app logs
        HeaderFormat.Parse(@"<Time>\|<Component>\|<Pid>\|<Content>"),
        // bracketed timestamp then program, as desktop proxies and agents write
        HeaderFormat.Parse(@"\[<Time>\] <Program> - <Content>"),
        HeaderFormat.Parse(@"\[<Time>\] \[<Level>\] <Content>"),
        // supercomputer RAS logs
        HeaderFormat.Parse("<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>"),
        // Windows CBS
        HeaderFormat.Parse("<Date> <Time>, <Level> <Component> <Content>"),
        .. ReadByOwnParsers,
    ];

    private static readonly FrozenDictionary<string, HeaderFormat> ByLayout =
        Common.Append(HeaderFormat.WholeLine).ToFrozenDictionary(format => format.Layout, StringComparer.Ordinal);

    /// <summary>
    /// The catalog layout spelled <paramref name="layout"/> (or <see cref="HeaderFormat.WholeLine"/>), else the layout
    /// <see cref="ColumnHeader"/> learned under that spelling; null when neither has one, e.g. after the catalog changed.
    /// </summary>
    public static HeaderFormat? Find(string layout) => ByLayout.GetValueOrDefault(layout) ?? ColumnHeader.Find(layout);
}
