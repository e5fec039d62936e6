namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>GA and PA as the Loghub parsing benchmark (Zhu et al., ICSE-SEIP 2019) defines them (templates compared after whitespace normalisation).</summary>
public sealed record ParsingScore(double GroupingAccuracy, double ParsingAccuracy)
{
    public static ParsingScore Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        var truthTemplates = truth.Select(Normalize).ToList();
        var predictedTemplates = predicted.Select(Normalize).ToList();
        var lines = Enumerable.Range(0, truthTemplates.Count).Where(i => truthTemplates[i].Length > 0).ToList();
        var predictedGroupSizes = lines.GroupBy(i => predictedTemplates[i]).ToDictionary(group => group.Key, group => group.Count());
        var correctlyGrouped = lines
            .GroupBy(i => truthTemplates[i])
            .Where(group => group.Select(i => predictedTemplates[i]).Distinct().Count() == 1
                && predictedGroupSizes[predictedTemplates[group.First()]] == group.Count())
            .Sum(group => group.Count());
        var exact = lines.Count(i => predictedTemplates[i] == truthTemplates[i]);
        return new ParsingScore((double)correctlyGrouped / lines.Count, (double)exact / lines.Count);
    }

    private static string Normalize(string template) => string.Join(' ', template.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
