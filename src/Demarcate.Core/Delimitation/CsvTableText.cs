using System.Text;

namespace Demarcate.Core.Delimitation;

/// <summary>A table of text cells as RFC 4180 CSV, the way the commission's coordinate lists are handed over.</summary>
internal static class CsvTableText
{
    /// <summary>A header row, then one row per entry of <paramref name="rows"/>, CRLF line ends; cells quoted only where they must be.</summary>
    public static string Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', headers.Select(Cell)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
