using System.Collections.Frozen;

namespace FaultMaven.Analysis.Headers;

/// <summary>Header layouts common enough to try when a source does not declare its own.</summary>
public static class HeaderCatalog
{
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
    ];

    private static readonly FrozenDictionary<string, HeaderFormat> ByLayout =
        Common.Append(HeaderFormat.WholeLine).ToFrozenDictionary(format => format.Layout, StringComparer.Ordinal);

    /// <summary>
    /// The catalog layout spelled <paramref name="layout"/> (or <see cref="HeaderFormat.WholeLine"/>), else the layout
    /// <see cref="ColumnHeader"/> learned under that spelling; null when neither has one, e.g. after the catalog changed.
    /// </summary>
    public static HeaderFormat? Find(string layout) => ByLayout.GetValueOrDefault(layout) ?? ColumnHeader.Find(layout);
}
