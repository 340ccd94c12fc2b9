using System.Globalization;
using Demarcate.Core.Geodesy;

namespace Demarcate.Core.Georeferencing;

/// <summary>
/// A named ground control point: a pixel position on the scan and the map position the commission says it shows.
/// X is the easting or longitude and Y the northing or latitude, whatever axis order the CRS's authority writes.
/// </summary>
public sealed record GroundControlPoint(string Id, double Column, double Row, double X, double Y)
{
    public ControlPoint ToControlPoint() => new(Column, Row, X, Y);
}

/// <summary>
/// Reads control points from a CSV table with a header: <c>id,column,row,x,y</c> (the <c>id</c> column may be left out),
/// or, for a sheet's corners, <c>id,column,row</c> with the ids NW, NE, SE and SW.
/// </summary>
public static class GroundControlPoints
{
    /// <summary>The corner ids of <see cref="FromSheetCorners"/>, in the order the sheet's corners are fitted.</summary>
    public static IReadOnlyList<string> CornerIds { get; } = ["NW", "NE", "SE", "SW"];

    /// <summary>Reads the table; every bad row is a problem naming its line. <paramref name="needMapPositions"/>: x and y are required.</summary>
    public static ParseResult<IReadOnlyList<GroundControlPoint>> Parse(string text, string source, bool needMapPositions = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var problems = new List<InputProblem>();
        var headerLine = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (headerLine < 0)
        {
            return ParseResult<IReadOnlyList<GroundControlPoint>>.Failed(new InputProblem(source, "the control point table is empty; give a header id,column,row,x,y and one row per point"));
        }

        var header = lines[headerLine].Split(',').Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        int At(string name) => Array.IndexOf(header, name);
        var (id, column, row, x, y) = (At("id"), At("column"), At("row"), At("x"), At("y"));
        if (column < 0 || row < 0 || (needMapPositions && (x < 0 || y < 0)))
        {
            return ParseResult<IReadOnlyList<GroundControlPoint>>.Failed(new InputProblem(
                source, needMapPositions ? "the header must name the columns column, row, x and y (and optionally id)" : "the header must name the columns id, column and row")
            { Line = headerLine + 1 });
        }

        var points = new List<GroundControlPoint>();
        for (var i = headerLine + 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',').Select(c => c.Trim()).ToArray();
            var lineNumber = i + 1;
            if (cells.Length != header.Length)
            {
                problems.Add(new InputProblem(source, string.Create(CultureInfo.InvariantCulture, $"the row has {cells.Length} cells, the header {header.Length}")) { Line = lineNumber });
                continue;
            }

            var name = id >= 0 ? cells[id] : (points.Count + 1).ToString(CultureInfo.InvariantCulture);
            double? Number(int index, string what)
            {
                if (index < 0)
                {
                    return 0;
                }

                if (double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                {
                    return value;
                }

                problems.Add(new InputProblem(source, $"{what} '{cells[index]}' is not a number (write a decimal point, no thousands separator)") { Line = lineNumber, Column = index + 1 });
                return null;
            }

            var (c, r, px, py) = (Number(column, "column"), Number(row, "row"), Number(x, "x"), Number(y, "y"));
            if (c is { } cv && r is { } rv && px is { } xv && py is { } yv)
            {
                points.Add(new GroundControlPoint(name, cv, rv, xv, yv));
            }
        }

        if (problems.Count == 0 && points.Count == 0)
        {
            problems.Add(new InputProblem(source, "the table has a header but no control points") { Line = headerLine + 1 });
        }

        return problems.Count > 0
            ? ParseResult<IReadOnlyList<GroundControlPoint>>.Failed(problems)
            : ParseResult<IReadOnlyList<GroundControlPoint>>.Ok(points);
    }

    /// <summary>
    /// The sheet's four corners as control points in Pulkovo 1942 geographic coordinates (EPSG:4284), from rows NW, NE,
    /// SE and SW giving where each corner of the map frame lies on the scan.
    /// </summary>
    public static ParseResult<IReadOnlyList<GroundControlPoint>> FromSheetCorners(IReadOnlyList<GroundControlPoint> rows, SheetId sheet, string source)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var byId = new Dictionary<string, GroundControlPoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (!CornerIds.Contains(row.Id, StringComparer.OrdinalIgnoreCase) || !byId.TryAdd(row.Id, row))
            {
                return ParseResult<IReadOnlyList<GroundControlPoint>>.Failed(new InputProblem(
                    source, $"corner rows are named NW, NE, SE and SW, once each; '{row.Id}' is not expected"));
            }
        }

        var missing = CornerIds.Where(c => !byId.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return ParseResult<IReadOnlyList<GroundControlPoint>>.Failed(new InputProblem(source, $"the corner{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} of sheet {sheet} {(missing.Count > 1 ? "are" : "is")} missing"));
        }

        var corners = ScanGeoreference.SheetCorners(
            sheet, (byId["NW"].Column, byId["NW"].Row), (byId["NE"].Column, byId["NE"].Row), (byId["SE"].Column, byId["SE"].Row), (byId["SW"].Column, byId["SW"].Row));
        return ParseResult<IReadOnlyList<GroundControlPoint>>.Ok([.. corners.Select((p, i) => new GroundControlPoint(CornerIds[i], p.Column, p.Row, p.X, p.Y))]);
    }

    /// <summary>The points as a table <see cref="Parse"/> reads back exactly (round-trip number format).</summary>
    public static string Format(IEnumerable<GroundControlPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var text = new System.Text.StringBuilder("id,column,row,x,y\n");
        foreach (var p in points)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Id},{p.Column:R},{p.Row:R},{p.X:R},{p.Y:R}\n");
        }

        return text.ToString();
    }
}
