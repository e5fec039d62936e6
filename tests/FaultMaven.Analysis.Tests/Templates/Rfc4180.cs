using System.Text;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>Reads RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes) into rows keyed by header.</summary>
public static class Rfc4180
{
    public static List<Dictionary<string, string>> ReadRecords(string text)
    {
        var rows = ReadRows(text);
        var header = rows[0];
        return [.. rows.Skip(1).Select(row => header.Select((name, i) => (name, value: i < row.Count ? row[i] : "")).ToDictionary(cell => cell.name, cell => cell.value))];
    }

    private static List<List<string>> ReadRows(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
