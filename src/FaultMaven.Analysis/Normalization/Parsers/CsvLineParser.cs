using System.Buffers;
using System.Text;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>CSV with a header row: the header is remembered per source, each later row becomes an event with the header's names.</summary>
internal sealed class CsvLineParser : ILineParser
{
    private const int MaxHeaderNameLength = 64;
    private const string HeaderNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@-/ ";
    private static readonly SearchValues<char> HeaderNameChars = SearchValues.Create(HeaderNameCharacters);

    /// <summary>
    /// The ASCII characters a header row can hold: its names' characters, separators, quotes, and the white space
    /// trimmed off a cell. A row with any other ASCII character is no header, whatever its cells.
    /// </summary>
    private static readonly SearchValues<char> HeaderRowChars =
        SearchValues.Create([.. Enumerable.Range(0, 128).Select(code => (char)code).Where(c => HeaderNameCharacters.Contains(c) || c is ',' or '"' || char.IsWhiteSpace(c))]);

    public LogFormat Format => LogFormat.Csv;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var header = context.Table is { Format: LogFormat.Csv } table ? table : null;
        if (header is null && (!line.Text.Contains(',') || CannotBeHeader(line.Text)))
        {
            return LineParse.NotRecognized;
        }

        if (!TrySplit(line.Text, out var cells))
        {
            return header is null ? LineParse.NotRecognized : LineParse.Rejected("CSV row has an unterminated quoted field");
        }

        if (IsHeader(cells))
        {
            return LineParse.NewHeader(new TableHeader(LogFormat.Csv, cells));
        }

        if (header is null)
        {
            return LineParse.NotRecognized;
        }

        if (cells.Count != header.Columns.Count)
        {
            return LineParse.Rejected($"CSV row has {cells.Count} columns; the header has {header.Columns.Count}");
        }

        var fields = new Dictionary<string, string>(cells.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < cells.Count; i++)
        {
            fields[header.Columns[i]] = cells[i];
        }

        return LineParse.Parsed(WellKnownFields.ToParsedLine(LogFormat.Csv, fields, context, line));
    }

    // A header names columns, at least one of which FaultMaven knows (time, level, message...), and has no empty name.
    private static bool IsHeader(List<string> cells) =>
        cells.Count > 1
        && cells.TrueForAll(cell => cell.Length is > 0 and <= MaxHeaderNameLength && cell.AsSpan().IndexOfAnyExcept(HeaderNameChars) < 0)
        && cells.Exists(WellKnownFields.IsWellKnown);

    /// <summary>
    /// Without a header, a row is recognized only as a header; most lines with a comma are prose, and one ASCII character
    /// no header holds rules them out before their cells are built. A non-ASCII character is left to <see cref="IsHeader"/>.
    /// </summary>
    private static bool CannotBeHeader(string text) => text.AsSpan().IndexOfAnyExcept(HeaderRowChars) is var other and >= 0 && char.IsAscii(text[other]);

    /// <summary>Splits one RFC 4180 record; fails on an unterminated quote.</summary>
    private static bool TrySplit(string text, out List<string> cells)
    {
        cells = [];
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString().Trim());
        return !quoted;
    }
}
