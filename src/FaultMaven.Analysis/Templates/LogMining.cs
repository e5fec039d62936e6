using FaultMaven.Analysis.Headers;

namespace FaultMaven.Analysis.Templates;

/// <summary>The template of every line of a mined log, as the templates stand after the last line.</summary>
public sealed class MinedLog(IReadOnlyList<int> lineTemplateIds, TemplateMiner miner)
{
    public int LineCount => lineTemplateIds.Count;

    public TemplateMiner Miner { get; } = miner;

    /// <summary>The final template of the line at <paramref name="lineIndex"/> (0-based, in input order).</summary>
    public LogTemplate TemplateOfLine(int lineIndex) =>
        Miner.Find(lineTemplateIds[lineIndex]) ?? throw new InvalidOperationException($"template {lineTemplateIds[lineIndex]} was retired");
}

/// <summary>Mines whole logs: each raw line's content, as its header layout delimits it, goes through one miner.</summary>
public static class LogMining
{
    /// <summary>How many leading lines header detection looks at.</summary>
    public const int DetectionSampleSize = 500;

    /// <param name="rawLines">Enumerated twice when a template was split into constants after lines were given it.</param>
    /// <param name="header">The header layout; lines it does not match are mined whole.</param>
    /// <param name="options">Defaults to keeping every template, since each line must get its final one.</param>
    public static MinedLog Mine(IEnumerable<string> rawLines, HeaderFormat header, TemplateMinerOptions? options = null)
    {
        var session = new LogMiningSession(header, options);
        var templateIds = new List<int>();
        foreach (var line in rawLines)
        {
            templateIds.Add(session.Add(line));
        }

        if (session.HasSplitTemplates)
        {
            var index = 0;
            foreach (var line in rawLines)
            {
                templateIds[index] = session.Rematch(line, templateIds[index]);
                index++;
            }
        }

        return new MinedLog(templateIds, session.Miner);
    }
}

/// <summary>
/// Mines a log one raw line at a time from spans, for callers that read the input themselves (<c>fm templates</c>
/// streams a file without a string per line). Lines go through <see cref="Add"/> in order; when
/// <see cref="HasSplitTemplates"/> is true afterwards, a second pass through <see cref="Rematch"/> gives the lines of
/// a template that was split into constants (see <see cref="TemplateMinerOptions.RecurringWordCount"/>) their own.
/// </summary>
public sealed class LogMiningSession(HeaderFormat header, TemplateMinerOptions? options = null)
{
    /// <summary>The miner; defaults to keeping every template, since each line must get its final one.</summary>
    public TemplateMiner Miner { get; } = new(options ?? new TemplateMinerOptions { MaxTemplates = int.MaxValue });

    public bool HasSplitTemplates => Miner.HasSplit;

    /// <summary>Mines the content of <paramref name="rawLine"/> (the whole trimmed line when the header does not match); returns its template id.</summary>
    public int Add(ReadOnlySpan<char> rawLine) => Miner.Add(ContentOf(rawLine)).TemplateId;

    /// <summary>
    /// The line's final template id: <paramref name="templateId"/> (what <see cref="Add"/> returned) unless that template
    /// was split. A line that fits none of the split ones had a value of several words in a variable that turned out to
    /// be a few constants (<see cref="SpannedValues"/>); it is mined again, and gets a template of its own.
    /// </summary>
    public int Rematch(ReadOnlySpan<char> rawLine, int templateId)
    {
        if (!Miner.WasSplit(templateId))
        {
            return templateId;
        }

        var content = ContentOf(rawLine);
        return Miner.Match(content) ?? Miner.Add(content).TemplateId;
    }

    private ReadOnlySpan<char> ContentOf(ReadOnlySpan<char> line) => header.TryGetContent(line, out var content) ? line[content] : line.Trim();
}
