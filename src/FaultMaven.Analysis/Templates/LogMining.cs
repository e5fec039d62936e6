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

    /// <param name="header">The header layout; lines it does not match are mined whole.</param>
    /// <param name="options">Defaults to keeping every template, since each line must get its final one.</param>
    public static MinedLog Mine(IEnumerable<string> rawLines, HeaderFormat header, TemplateMinerOptions? options = null)
    {
        var miner = new TemplateMiner(options ?? new TemplateMinerOptions { MaxTemplates = int.MaxValue });
        var templateIds = new List<int>();
        foreach (var line in rawLines)
        {
            templateIds.Add(miner.Add(ContentOf(line, header)).TemplateId);
        }

        RematchSplitTemplates(rawLines, header, miner, templateIds);
        return new MinedLog(templateIds, miner);
    }

    private static string ContentOf(string line, HeaderFormat header) => header.ContentOf(line) ?? line.Trim();

    /// <summary>
    /// A template split into one per word after lines were given it (see <see cref="TemplateMinerOptions.RecurringWordCount"/>)
    /// no longer says which word those lines held; a second pass over just those lines finds their own template.
    /// </summary>
    private static void RematchSplitTemplates(IEnumerable<string> rawLines, HeaderFormat header, TemplateMiner miner, List<int> templateIds)
    {
        if (!miner.HasSplit)
        {
            return;
        }

        var index = 0;
        foreach (var line in rawLines)
        {
            if (miner.WasSplit(templateIds[index]))
            {
                templateIds[index] = miner.Match(ContentOf(line, header)) ?? templateIds[index];
            }

            index++;
        }
    }
}
