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
            var content = header.ContentOf(line) ?? line.Trim();
            templateIds.Add(miner.Add(content).TemplateId);
        }

        return new MinedLog(templateIds, miner);
    }
}
