using System.Buffers;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FaultMaven.Cli.Stored;

/// <summary>One column of a <see cref="FittedTable"/>.</summary>
/// <param name="MaxWidth">At most this many characters, cut with an ellipsis beyond; null for the one column that takes what the others leave.</param>
public sealed record FittedColumn(string Header, int? MaxWidth = null, Justify Alignment = Justify.Left);

/// <summary>
/// A list as kubectl and docker print one (bold headers, no borders, two spaces between columns) that fits the console's
/// width: every cell is one line, and text beyond its column's width is cut with an ellipsis (…), so a long message or a
/// stack trace never wraps a row across lines. Column widths are measured from the rows, so short values leave the
/// remaining width to the flexible column. A table with a <see cref="Detail"/> prints each row's detail whole on the
/// lines under the row, indented and wrapped to the console's width: for the one text a list is read for (a dead
/// letter's reason), which a column beside the others would cut to a dozen characters in 80 columns.
/// </summary>
public sealed class FittedTable(params FittedColumn[] columns)
{
    private const int Gap = 2;

    /// <summary>How far a row's detail is indented under it.</summary>
    private const int DetailIndent = 4;

    private readonly List<string> details = [];

    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\t\n\v\f\r");

    /// <summary>The flexible column never gets fewer characters than this, even when that overflows a very narrow console.</summary>
    private const int MinimumFlexibleWidth = 12;

    private readonly List<(string Text, Style Style)[]> rows = [];

    /// <summary>The header of the rows' details (e.g. <c>reason</c>), shown under the column headers; null for a table without details.</summary>
    public string? Detail { get; init; }

    /// <summary>Adds a row of styled text, one value per column, and its <see cref="Detail"/>.</summary>
    public FittedTable AddRow(string detail, params (string Text, Style Style)[] cells)
    {
        details.Add(OneLine(detail));
        return AddRow(cells);
    }

    /// <summary>Adds a row of plain text, one value per column.</summary>
    public FittedTable AddRow(params string[] cells) => AddRow(cells.Select(cell => (cell, Style.Plain)).ToArray());

    /// <summary>Adds a row of styled text (e.g. a severity in red), one value per column.</summary>
    public FittedTable AddRow(params (string Text, Style Style)[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"a row has {columns.Length} cells, not {cells.Length}", nameof(cells));
        }

        rows.Add(cells.Select(cell => (OneLine(cell.Text), cell.Style)).ToArray());
        return this;
    }

    /// <summary>The table at most <paramref name="width"/> characters wide.</summary>
    public IRenderable Build(int width)
    {
        var widths = columns.Select((column, i) => Math.Min(column.MaxWidth ?? int.MaxValue, rows.Select(row => row[i].Text.Length).Append(column.Header.Length).Max())).ToArray();
        var flexible = Array.FindIndex(columns, column => column.MaxWidth is null);
        if (flexible >= 0)
        {
            var left = width - widths.Where((_, i) => i != flexible).Sum() - Gap * (columns.Length - 1);
            widths[flexible] = Math.Min(widths[flexible], Math.Max(left, MinimumFlexibleWidth));
        }

        if (Detail is not { } detail)
        {
            return Rendered(widths, rows, headers: true);
        }

        // One table per row, all of the same column widths, so the rows line up across the details between them.
        var bold = new Style(decoration: Decoration.Bold);
        List<IRenderable> lines = [Rendered(widths, [], headers: true), new Padder(new Text(detail, bold), new Padding(DetailIndent, 0, 0, 0))];
        for (var i = 0; i < rows.Count; i++)
        {
            lines.Add(Rendered(widths, [rows[i]], headers: false));
            lines.Add(new Padder(new Text(details[i]), new Padding(DetailIndent, 0, 0, 0)));
        }

        return new Rows(lines);
    }

    /// <summary><paramref name="cells"/> in columns <paramref name="widths"/> wide, under the column headers when <paramref name="headers"/>.</summary>
    private Table Rendered(int[] widths, IEnumerable<(string Text, Style Style)[]> cells, bool headers)
    {
        var table = new Table().Border(TableBorder.None);
        for (var i = 0; i < columns.Length; i++)
        {
            table.AddColumn(new TableColumn(new Text(Cut(columns[i].Header, widths[i]), new Style(decoration: Decoration.Bold)))
                .Width(widths[i]).NoWrap().Alignment(columns[i].Alignment).PadLeft(0).PadRight(i == columns.Length - 1 ? 0 : Gap));
        }

        if (!headers)
        {
            table.HideHeaders();
        }

        foreach (var row in cells)
        {
            table.AddRow(row.Select((cell, i) => (IRenderable)new Text(Cut(cell.Text, widths[i]), cell.Style)));
        }

        return table;
    }

    /// <summary><paramref name="text"/> in at most <paramref name="width"/> characters, its end replaced by an ellipsis when cut.</summary>
    public static string Cut(string text, int width) =>
        text.Length <= width ? text : string.Concat(text.AsSpan(0, Math.Max(width - 1, 0)).TrimEnd(), "…");

    /// <summary>
    /// Each run of line breaks and tabs becomes one space, so a stack trace reads as one line; any other control
    /// character is escaped (<see cref="ControlCharacters"/>), so a log line cannot send the terminal an escape sequence.
    /// </summary>
    private static string OneLine(string text)
    {
        if (text.AsSpan().IndexOfAny(LineBreaks) < 0)
        {
            return ControlCharacters.Escape(text);
        }

        var line = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!LineBreaks.Contains(c))
            {
                line.Append(c);
            }
            else if (line.Length > 0 && line[^1] != ' ')
            {
                line.Append(' ');
            }
        }

        return ControlCharacters.Escape(line.ToString());
    }

    /// <summary>A time as the tables show it, in UTC, e.g. <c>2026-12-01 06:38:12</c> for <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static string Utc(DateTimeOffset time, string format) => time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
}
