using System.Buffers.Text;
using System.Text;
using FaultMaven.Analysis.Templates;

namespace FaultMaven.Cli.Commands;

/// <summary>
/// Writes a mined log as RFC 4180 CSV: <c>LineId,EventId,EventTemplate</c>, LineId 1-based in input order, one row per
/// line. A template's control characters are escaped (<see cref="ControlCharacters"/>), so a row is one line of text
/// and no byte of the log reaches a terminal that shows the CSV. Each template's row tail is encoded once, so a row
/// costs a number and a copy.
/// </summary>
internal static class TemplatesCsv
{
    // CR and LF, which would need quotes too, are escaped before.
    private static readonly char[] CharactersNeedingQuotes = [',', '"'];

    public static void Write(IReadOnlyList<int> lineTemplateIds, TemplateMiner miner, Stream output)
    {
        using var buffered = new BufferedStream(output, 1 << 20);
        buffered.Write("LineId,EventId,EventTemplate\n"u8);
        var tails = new Dictionary<int, byte[]>();
        Span<byte> number = stackalloc byte[16];
        for (var i = 0; i < lineTemplateIds.Count; i++)
        {
            var id = lineTemplateIds[i];
            if (!tails.TryGetValue(id, out var tail))
            {
                var template = miner.Find(id) ?? throw new InvalidOperationException($"template {id} was retired");
                tail = Encoding.UTF8.GetBytes($",E{template.Id},{Quote(ControlCharacters.Escape(template.Text))}\n");
                tails[id] = tail;
            }

            Utf8Formatter.TryFormat(i + 1, number, out var written);
            buffered.Write(number[..written]);
            buffered.Write(tail);
        }
    }

    private static string Quote(string field) =>
        field.IndexOfAny(CharactersNeedingQuotes) < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
