using System.Text;
using FaultMaven.Analysis.Normalization.Parsers;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>
/// Tables pasted as text (<c>kubectl describe</c> Events, <c>kubectl get</c>, <c>docker ps</c>, <c>psql</c>,
/// <c>pg_autoctl show state</c>): a header row of column names, an optional rule of dashes, then one row per line. Each
/// row is an event of its own, with the header as context (<c>table.header</c> and one <c>table.&lt;column&gt;</c>
/// attribute per cell), even when the rows are indented under a title. Recognised by shape, not by tool: a header has
/// at least three columns of short names without digits, separated by runs of two or more spaces (each starting with a
/// capital) or by <c>|</c>, and is followed in the same record by a rule of dashes or a row, so that a lone line of
/// names is never taken for one; a row starts its cells where the header starts its columns, at the header's
/// indentation (or has as many <c>|</c>). The first line that is not a row ends the table.
/// </summary>
internal static class TextTables
{
    public const string HeaderAttribute = "table.header";

    private const int MinimumColumns = 3;
    private const int MaximumWordsPerColumn = 4;

    /// <summary>
    /// What <paramref name="text"/> is to the source's open text table (<paramref name="table"/>, or none): a row
    /// (an event), the header of a new table or the rule under a header (<see cref="LineParseKind.Header"/>), or neither.
    /// A table of another kind (CSV, <c>kubectl get events</c>) is left to its own parser.
    /// </summary>
    /// <param name="next">The record's next line, which must be a rule or a row for <paramref name="text"/> to be a header; null at the end of the record.</param>
    public static LineParse Parse(string text, string? next, TableHeader? table)
    {
        if (table is { Format: not LogFormat.TextTable })
        {
            return LineParse.NotRecognized;
        }

        if (table is not null && IsRule(text))
        {
            return LineParse.NewHeader(table);
        }

        if (table is { Line: { } headerLine } && Cells(headerLine) is var columns && RowCells(headerLine, columns, text) is { } cells)
        {
            return LineParse.Parsed(Row(table, headerLine, columns, cells, text));
        }

        return next is not null && IsHeader(text) && (IsRule(next) || RowCells(text, Cells(text), next) is not null)
            ? LineParse.NewHeader(new TableHeader(LogFormat.TextTable, [.. Cells(text).Select(cell => text[cell].Trim())], text)) : LineParse.NotRecognized;
    }

    private static ParsedLine Row(TableHeader table, string headerLine, List<Range> columns, List<Range> cells, string text)
    {
        var attributes = WellKnownFields.NewFields(cells.Count + 1);
        attributes[HeaderAttribute] = headerLine.Trim();
        var level = Severity.Unknown;
        for (var i = 0; i < cells.Count; i++)
        {
            var index = IsPiped(headerLine) ? i : columns.FindIndex(column => column.Start.Value == cells[i].Start.Value);
            if (index < 0 || index >= table.Columns.Count)
            {
                continue;
            }

            var column = table.Columns[index];
            var value = text[cells[i]].Trim();
            attributes[AttributeName(column)] = value;
            if (column.ToLowerInvariant() is "type" or "level" or "severity")
            {
                level = value switch { "Warning" => Severity.Warn, "Normal" => Severity.Info, _ => SeverityParser.Parse(value) };
            }
        }

        return new ParsedLine(LogFormat.TextTable, Timestamp: null, level, text.Trim(), Attributes: attributes);
    }

    /// <summary><c>table.</c> and the column's name in snake case: <c>CONTAINER ID</c> → <c>table.container_id</c>, <c>TLI: LSN</c> → <c>table.tli_lsn</c>.</summary>
    private static string AttributeName(string column)
    {
        var name = new StringBuilder("table.", 6 + column.Length);
        foreach (var c in column)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(char.ToLowerInvariant(c));
            }
            else if (name[^1] is not ('_' or '.'))
            {
                name.Append('_');
            }
        }

        return name.ToString().TrimEnd('_');
    }

    /// <summary>The cells of <paramref name="text"/> when it is a row of the table headed by <paramref name="headerLine"/>, else null.</summary>
    private static List<Range>? RowCells(string headerLine, List<Range> columns, string text)
    {
        var cells = Cells(text);
        if (IsPiped(headerLine))
        {
            return text.Count('|') == headerLine.Count('|') ? cells : null;
        }

        if (cells.Count < 2 || Indentation(text) != Indentation(headerLine))
        {
            return null;
        }

        // tabwriter pads every cell to its column, so each cell starts where a column does (an empty cell merges gaps).
        foreach (var cell in cells)
        {
            if (!columns.Exists(column => column.Start.Value == cell.Start.Value))
            {
                return null;
            }
        }

        return cells;
    }

    private static bool IsHeader(string text)
    {
        if (!IsPiped(text) && !text.AsSpan().Trim().Contains("  ", StringComparison.Ordinal))
        {
            return false;
        }

        if (KubectlEventsLineParser.IsHeader(text))
        {
            return false;
        }

        var cells = Cells(text);
        return cells.Count >= MinimumColumns
            && cells.TrueForAll(cell => IsColumnName(text.AsSpan()[cell].Trim(), capitalized: !IsPiped(text)));
    }

    /// <summary>One to four words of letters (and <c>_-/:.#()%</c>), the first a letter: <c>CONTAINER ID</c>, <c>Host:Port</c>, <c>TLI: LSN</c>.</summary>
    private static bool IsColumnName(ReadOnlySpan<char> cell, bool capitalized)
    {
        if (cell.IsEmpty || !char.IsAsciiLetter(cell[0]) || (capitalized && !char.IsAsciiLetterUpper(cell[0])))
        {
            return false;
        }

        var words = 1;
        foreach (var c in cell)
        {
            if (c == ' ')
            {
                words++;
            }
            else if (!char.IsAsciiLetter(c) && c is not ('_' or '-' or '/' or ':' or '.' or '#' or '(' or ')' or '%'))
            {
                return false;
            }
        }

        return words <= MaximumWordsPerColumn;
    }

    /// <summary>A rule under a header: dashes or equals signs, with the '+' or '|' where columns meet.</summary>
    private static bool IsRule(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length >= 3 && !trimmed.ContainsAnyExcept("-=+| ") && trimmed.ContainsAny('-', '=');
    }

    private static bool IsPiped(string text) => text.Count('|') >= MinimumColumns - 1;

    private static int Indentation(string text) => text.Length - text.TrimStart().Length;

    /// <summary>The cells of a line: between '|' in a piped line (outer pipes of a Markdown row ignored), else between runs of two or more spaces.</summary>
    private static List<Range> Cells(string text)
    {
        var cells = new List<Range>();
        if (IsPiped(text))
        {
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == '|')
                {
                    if (text.AsSpan(start, i - start).Trim().Length > 0 || (i < text.Length && start > 0))
                    {
                        cells.Add(start..i);
                    }

                    start = i + 1;
                }
            }

            return cells;
        }

        var position = 0;
        while (position < text.Length)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position == text.Length)
            {
                break;
            }

            var end = text.IndexOf("  ", position, StringComparison.Ordinal);
            end = end < 0 ? text.Length : end;
            cells.Add(position..end);
            position = end;
        }

        return cells;
    }
}
