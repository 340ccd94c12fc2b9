using System.Text;

namespace Demarcate.Formats.Incidents;

/// <summary>
/// RFC 4180 CSV records: commas (or the given delimiter) between cells, double quotes around cells that hold the
/// delimiter, quotes or line breaks (ACLED's notes do). Each record knows the 1-based line it starts on.
/// </summary>
internal static class CsvTable
{
    public sealed record Record(long Line, IReadOnlyList<string> Cells);

    public static IReadOnlyList<Record> Parse(string text, char delimiter = ',')
    {
        var records = new List<Record>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1L;
        var start = 1L;
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    records.Add(new Record(start, cells));
                    cells = [];
                    any = false;
                    line++;
                    start = line;
                    break;
                case var _ when c == delimiter:
                    cells.Add(cell.ToString());
                    cell.Clear();
                    any = true;
                    break;
                default:
                    cell.Append(c);
                    any = true;
                    break;
            }
        }

        if (any || cell.Length > 0)
        {
            cells.Add(cell.ToString());
            records.Add(new Record(start, cells));
        }

        return records;
    }

    /// <summary>A cell as CSV: quoted when it holds a comma, quote or line break.</summary>
    public static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
