using System.Globalization;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Formats.Csv;

/// <summary>What the header of a coordinate list says about its axes, when its column names say anything.</summary>
/// <param name="First">The first coordinate column's name as written, e.g. "lat" or "easting".</param>
/// <param name="Second">The second coordinate column's name as written.</param>
/// <param name="Order">The axis order those names imply, or null for neutral names such as x and y.</param>
public sealed record CsvAxes(string First, string Second, AxisOrder? Order);

/// <summary>The lines of a coordinate list, and what its header said about the axes.</summary>
public sealed record CsvCoordinates(IReadOnlyList<FileFeature> Features, CsvAxes? Axes);

/// <summary>
/// Reads a coordinate list: one position per row, with an optional header, an optional line column (rows with
/// the same line value make one line, an optional part column its pieces), a point id, two coordinates in the
/// CRS and axis order the user states, an optional height and an optional crs column. Delimiter detected
/// (comma, semicolon, tab, or runs of spaces); with a semicolon, tab or space delimiter a decimal comma is
/// read as a decimal point.
/// </summary>
/// <remarks>
/// Without a header the columns are "id, first, second[, height]" (or just "first, second"); the whole file
/// is then one line. Rows are read streaming. Thread-safe (no shared state).
/// </remarks>
public static class CsvCoordinateReader
{
    /// <summary>How many row problems are collected before reading stops.</summary>
    public const int MaximumProblems = 100;

    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(0);

    private static readonly string[] LineNames = ["line", "line_id", "lineid", "feature"];
    private static readonly string[] PartNames = ["part", "piece"];
    private static readonly string[] IdNames = ["id", "point", "point_id", "pillar", "no", "number", "name"];
    private static readonly string[] HeightNames = ["z", "h", "height", "alt", "altitude", "elevation"];
    private static readonly string[] CrsNames = ["crs", "srs", "epsg"];
    private static readonly string[] LatitudeNames = ["lat", "latitude", "phi", "b"];
    private static readonly string[] LongitudeNames = ["lon", "long", "longitude", "lng", "lambda", "l"];
    private static readonly string[] EastingNames = ["easting", "east", "e"];
    private static readonly string[] NorthingNames = ["northing", "north", "n"];
    private static readonly string[] NeutralNames = ["x", "y"];

    private sealed record Columns(int? Line, int? Part, int? Id, int First, int Second, int? Height, int? Crs, int Count, IReadOnlyList<(int Index, string Name)> Others);

    private sealed class Group(string? id, long line, int index)
    {
        public int Index { get; } = index;

        public string? Id { get; } = id;

        public long Line { get; } = line;

        public List<(string? Part, List<Coordinate> Points)> Parts { get; } = [];

        public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

        public string? Crs { get; set; }
    }

    public static async Task<ParseResult<CsvCoordinates>> ReadAllAsync(Stream stream, string sourceName, char? delimiter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var problems = new List<InputProblem>();
        var groups = new List<Group>();
        var byId = new Dictionary<string, Group>(StringComparer.Ordinal);
        Columns? columns = null;
        CsvAxes? axes = null;
        long lineNumber = 0;
        while (await text.ReadLineAsync(cancellationToken) is { } row)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(row) || row.TrimStart().StartsWith('#'))
            {
                continue;
            }

            delimiter ??= Detect(row);
            var fields = Split(row, delimiter.Value);
            if (columns is null)
            {
                var header = Header(fields);
                if (header is not null)
                {
                    (columns, axes) = header.Value;
                    if (columns is null)
                    {
                        problems.Add(new InputProblem(sourceName, "the header names no two coordinate columns (x/y, lon/lat, easting/northing …)") { Line = lineNumber, Column = 1 });
                        break;
                    }

                    continue;
                }

                columns = fields.Count switch
                {
                    2 => new Columns(null, null, null, 0, 1, null, null, 2, []),
                    3 => new Columns(null, null, 0, 1, 2, null, null, 3, []),
                    4 => new Columns(null, null, 0, 1, 2, 3, null, 4, []),
                    _ => null,
                };
                if (columns is null)
                {
                    problems.Add(new InputProblem(sourceName, $"a row without a header has 2 to 4 columns (id, first axis, second axis, height); this one has {fields.Count}") { Line = lineNumber, Column = 1 });
                    break;
                }
            }

            var problem = ReadRow(fields, columns, sourceName, lineNumber, groups, byId);
            if (problem is not null)
            {
                problems.Add(problem);
                if (problems.Count == MaximumProblems)
                {
                    problems.Add(new InputProblem(sourceName, $"stopped after {MaximumProblems} problems"));
                    break;
                }
            }
        }

        if (problems.Count > 0)
        {
            return ParseResult<CsvCoordinates>.Failed(problems);
        }

        if (groups.Count == 0)
        {
            return ParseResult<CsvCoordinates>.Failed(new InputProblem(sourceName, "the file holds no positions"));
        }

        var features = new List<FileFeature>();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var shortPart = group.Parts.FirstOrDefault(p => p.Points.Count < 2);
            if (shortPart.Points is not null)
            {
                problems.Add(new InputProblem(sourceName, $"line {Describe(group.Id)}{(shortPart.Part is null ? "" : $" part {shortPart.Part}")} has only one position; a line needs at least 2")
                {
                    Line = group.Line,
                    Feature = g,
                });
                continue;
            }

            var parts = group.Parts.Select(p => Factory.CreateLineString([.. p.Points])).ToArray();
            Geometry geometry = parts.Length == 1 ? parts[0] : Factory.CreateMultiLineString(parts);
            group.Properties.TryGetValue("name", out var name);
            features.Add(new FileFeature(g, group.Id, name, geometry) { Line = group.Line, Column = 1, Properties = group.Properties, Crs = group.Crs });
        }

        return problems.Count > 0
            ? ParseResult<CsvCoordinates>.Failed(problems)
            : ParseResult<CsvCoordinates>.Ok(new CsvCoordinates(features, axes));
    }

    private static string Describe(string? id) => id is null ? "of the file" : $"'{id}'";

    private static InputProblem? ReadRow(List<(string Text, int Column)> fields, Columns columns, string sourceName, long lineNumber, List<Group> groups, Dictionary<string, Group> byId)
    {
        if (fields.Count != columns.Count)
        {
            return new InputProblem(sourceName, $"the row has {fields.Count} columns, the others {columns.Count}") { Line = lineNumber, Column = 1 };
        }

        var lineId = columns.Line is { } l ? fields[l].Text : null;
        if (lineId is null && byId.Count == 0 && groups.Count == 0)
        {
            groups.Add(new Group(null, lineNumber, 0));
        }

        Group group;
        if (lineId is null)
        {
            group = groups[0];
        }
        else if (!byId.TryGetValue(lineId, out group!))
        {
            group = new Group(lineId, lineNumber, groups.Count);
            byId[lineId] = group;
            groups.Add(group);
        }

        var feature = group.Index;
        if (!TryNumber(fields[columns.First].Text, out var first) || !TryNumber(fields[columns.Second].Text, out var second))
        {
            var bad = TryNumber(fields[columns.First].Text, out _) ? fields[columns.Second] : fields[columns.First];
            return new InputProblem(sourceName, $"\"{bad.Text}\" is not a number") { Line = lineNumber, Column = bad.Column, Feature = feature };
        }

        var coordinate = new Coordinate(first, second);
        if (columns.Height is { } h && fields[h].Text.Length > 0)
        {
            if (!TryNumber(fields[h].Text, out var height))
            {
                return new InputProblem(sourceName, $"height \"{fields[h].Text}\" is not a number") { Line = lineNumber, Column = fields[h].Column, Feature = feature };
            }

            coordinate = new CoordinateZ(first, second, height);
        }

        if (columns.Crs is { } c)
        {
            var crs = fields[c].Text;
            if (group.Crs is null)
            {
                group.Crs = crs;
            }
            else if (!string.Equals(group.Crs, crs, StringComparison.OrdinalIgnoreCase))
            {
                return new InputProblem(sourceName, $"mixed CRSs: this row says {crs}, earlier rows of the line said {group.Crs}; one import is in one CRS")
                {
                    Line = lineNumber,
                    Column = fields[c].Column,
                    Feature = feature,
                };
            }
        }

        var part = columns.Part is { } p ? fields[p].Text : null;
        var pieces = group.Parts;
        if (pieces.Count == 0 || pieces[^1].Part != part)
        {
            pieces.Add((part, []));
        }

        pieces[^1].Points.Add(coordinate);
        foreach (var (index, name) in columns.Others)
        {
            group.Properties.TryAdd(name, fields[index].Text);
        }

        return null;
    }

    /// <summary>The columns a header names, or null when the row is data (its coordinate fields are numbers).</summary>
    private static (Columns? Columns, CsvAxes? Axes)? Header(List<(string Text, int Column)> fields)
    {
        if (fields.Count(f => TryNumber(f.Text, out _)) >= 2)
        {
            return null;
        }

        var names = fields.Select(f => f.Text.Trim().ToLowerInvariant()).ToList();
        int? Find(string[] candidates)
        {
            var i = names.FindIndex(candidates.Contains);
            return i < 0 ? null : i;
        }

        var coordinateColumns = names
            .Select((n, i) => (Name: n, Index: i))
            .Where(x => LatitudeNames.Contains(x.Name) || LongitudeNames.Contains(x.Name) || EastingNames.Contains(x.Name) || NorthingNames.Contains(x.Name) || NeutralNames.Contains(x.Name))
            .ToList();
        if (coordinateColumns.Count != 2)
        {
            return (null, null);
        }

        var (firstName, firstIndex) = coordinateColumns[0];
        var (secondName, secondIndex) = coordinateColumns[1];
        AxisOrder? order =
            LatitudeNames.Contains(firstName) && LongitudeNames.Contains(secondName) ? AxisOrder.LatitudeLongitude
            : LongitudeNames.Contains(firstName) && LatitudeNames.Contains(secondName) ? AxisOrder.LongitudeLatitude
            : EastingNames.Contains(firstName) && NorthingNames.Contains(secondName) ? AxisOrder.EastingNorthing
            : NorthingNames.Contains(firstName) && EastingNames.Contains(secondName) ? AxisOrder.NorthingEasting
            : null;
        var line = Find(LineNames);
        var part = Find(PartNames);
        var id = Find(IdNames);
        var height = Find(HeightNames);
        var crs = Find(CrsNames);
        int?[] known = [line, part, id, height, crs, firstIndex, secondIndex];
        var others = names.Select((n, i) => (Index: i, Name: fields[i].Text.Trim())).Where(x => !known.Contains(x.Index)).ToList();
        return (new Columns(line, part, id, firstIndex, secondIndex, height, crs, fields.Count, others), new CsvAxes(fields[firstIndex].Text.Trim(), fields[secondIndex].Text.Trim(), order));
    }

    private static char Detect(string row) =>
        row.Contains('\t', StringComparison.Ordinal) ? '\t'
        : row.Contains(';', StringComparison.Ordinal) ? ';'
        : row.Contains(',', StringComparison.Ordinal) ? ','
        : ' ';

    /// <summary>The fields of a row with their 1-based columns; double quotes protect delimiters ("" is a quote); a space delimiter means runs of white space.</summary>
    private static List<(string Text, int Column)> Split(string row, char delimiter)
    {
        var fields = new List<(string, int)>();
        var i = 0;
        while (i <= row.Length)
        {
            if (delimiter == ' ')
            {
                while (i < row.Length && char.IsWhiteSpace(row[i]))
                {
                    i++;
                }

                if (i == row.Length)
                {
                    break;
                }
            }

            var start = i;
            var value = new StringBuilder();
            if (i < row.Length && row[i] == '"')
            {
                i++;
                while (i < row.Length)
                {
                    if (row[i] == '"')
                    {
                        if (i + 1 < row.Length && row[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(row[i++]);
                }

                while (i < row.Length && row[i] != delimiter && !(delimiter == ' ' && char.IsWhiteSpace(row[i])))
                {
                    i++;
                }
            }
            else
            {
                while (i < row.Length && row[i] != delimiter && !(delimiter == ' ' && char.IsWhiteSpace(row[i])))
                {
                    value.Append(row[i++]);
                }
            }

            fields.Add((value.ToString().Trim(), start + 1));
            i++;
        }

        return fields;
    }

    /// <summary>A number with a decimal point, or with a decimal comma when it holds one comma and no point.</summary>
    private static bool TryNumber(string text, out double value)
    {
        var candidate = text.Count(ch => ch == ',') == 1 && !text.Contains('.', StringComparison.Ordinal) ? text.Replace(',', '.') : text;
        return double.TryParse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
