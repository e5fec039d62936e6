using FaultMaven.Analysis.Templates;

namespace FaultMaven.Cli.Commands;

/// <summary>Writes a mined log as RFC 4180 CSV: <c>LineId,EventId,EventTemplate</c>, LineId 1-based in input order.</summary>
internal static class TemplatesCsv
{
    private static readonly char[] CharactersNeedingQuotes = [',', '"', '\r', '\n'];

    public static void Write(MinedLog mined, TextWriter output)
    {
        output.Write("LineId,EventId,EventTemplate\n");
        for (var i = 0; i < mined.LineCount; i++)
        {
            var template = mined.TemplateOfLine(i);
            output.Write($"{i + 1},E{template.Id},{Quote(template.Text)}\n");
        }
    }

    private static string Quote(string field) =>
        field.IndexOfAny(CharactersNeedingQuotes) < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
