using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Incidents;

namespace Demarcate.Formats.Survey;

/// <summary>One row of a witness-mark file: the pillar's number as written, the mark, and the row's line.</summary>
public sealed record WitnessMarkRow(string Pillar, WitnessMarkEntry Entry, long Line);

/// <summary>The rows read from a witness-mark file and the problems of the rows that could not be read, each with its line.</summary>
public sealed record WitnessMarkFile(IReadOnlyList<WitnessMarkRow> Rows, IReadOnlyList<InputProblem> Problems);

/// <summary>
/// Reads witness marks from CSV with a header: <c>pillar</c>, <c>mark</c> (its number), <c>kind</c>, <c>bearing</c>
/// (degrees), <c>distance</c> (horizontal, metres), and optionally <c>azimuth</c> (true, grid or magnetic; true when
/// absent), <c>correction</c> (the convergence or declination applied, degrees), <c>description</c>, <c>slope</c>
/// (slope distance), <c>dh</c> (height difference) and <c>lat</c>/<c>lon</c> of the mark when surveyed. Comma,
/// semicolon or tab separated; a field may be quoted ("…", with "" for a quote) to hold the separator.
/// </summary>
public static class WitnessMarkFileReader
{
    public static async Task<WitnessMarkFile> ReadAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, leaveOpen: true);
        var rows = new List<WitnessMarkRow>();
        var problems = new List<InputProblem>();
        var text = (await reader.ReadToEndAsync(cancellationToken)).TrimStart('\uFEFF');
        var header = text.Split('\n', 2)[0];
        if (header.Trim().Length == 0)
        {
            return new WitnessMarkFile(rows, [new InputProblem(source, "the file is empty") { Line = 1 }]);
        }

        var delimiter = header.Contains(';', StringComparison.Ordinal) ? ';' : header.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var records = CsvTable.Parse(text, delimiter);
        var names = records[0].Cells.Select(n => n.Trim().ToLowerInvariant()).ToArray();
        int Find(params string[] candidates) => Array.FindIndex(names, n => candidates.Contains(n, StringComparer.Ordinal));
        var pillarColumn = Find("pillar", "pillar_number", "number");
        var markColumn = Find("mark", "mark_no", "mark_number", "no");
        var kindColumn = Find("kind", "type");
        var bearingColumn = Find("bearing", "bearing_deg", "azimuth_deg");
        var distanceColumn = Find("distance", "distance_m", "horizontal_distance");
        if (pillarColumn < 0 || markColumn < 0 || kindColumn < 0 || bearingColumn < 0 || distanceColumn < 0)
        {
            return new WitnessMarkFile(rows, [new InputProblem(source, "the header needs the columns pillar, mark, kind, bearing and distance") { Line = 1 }]);
        }

        foreach (var (line, cells) in records.Skip(1))
        {
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var rowProblems = new List<string>();
            string? Cell(int column) => column >= 0 && column < cells.Count && cells[column].Trim().Length > 0 ? cells[column].Trim() : null;
            string? Named(params string[] candidates) => Cell(Find(candidates));
            double? Number(string what, string? value)
            {
                if (value is null)
                {
                    return null;
                }

                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
                {
                    return parsed;
                }

                rowProblems.Add($"the {what} '{value}' is not a number");
                return null;
            }

            var pillar = Cell(pillarColumn);
            if (pillar is null)
            {
                rowProblems.Add("the pillar number is missing");
            }

            var markText = Cell(markColumn);
            if (!int.TryParse(markText, NumberStyles.None, CultureInfo.InvariantCulture, out var mark))
            {
                rowProblems.Add(markText is null ? "the mark's number is missing" : $"the mark's number '{markText}' is not a whole number");
            }

            var bearing = Number("bearing", Cell(bearingColumn));
            var distance = Number("distance", Cell(distanceColumn));
            if (bearing is null || distance is null)
            {
                rowProblems.Add("the bearing and the horizontal distance are required");
            }

            var from = AzimuthKind.True;
            if (Named("azimuth", "north", "bearing_from") is { } kindOfNorth && (!kindOfNorth.All(char.IsLetter) || !Enum.TryParse(kindOfNorth, ignoreCase: true, out from)))
            {
                rowProblems.Add($"the azimuth '{kindOfNorth}' is not true, grid or magnetic");
            }

            var correction = Number("correction", Named("correction", "convergence", "declination"));
            var lat = Number("latitude", Named("lat", "latitude"));
            var lon = Number("longitude", Named("lon", "longitude"));
            if ((lat is null) != (lon is null))
            {
                rowProblems.Add("a surveyed position needs both lat and lon");
            }

            var entry = new WitnessMarkEntry(mark, Cell(kindColumn) ?? "", bearing ?? 0, from, distance ?? 0)
            {
                Description = Named("description", "notes") ?? "",
                Correction = correction,
                SlopeDistance = Number("slope distance", Named("slope", "slope_distance", "slope_distance_m")),
                HeightDifference = Number("height difference", Named("dh", "height_difference", "height_difference_m")),
                Surveyed = lat is { } la && lon is { } lo ? new GeoPoint(la, lo) : null,
            };
            if (rowProblems.Count > 0)
            {
                problems.Add(new InputProblem(source, string.Join("; ", rowProblems)) { Line = line });
                continue;
            }

            rows.Add(new WitnessMarkRow(pillar!, entry, line));
        }

        return new WitnessMarkFile(rows, problems);
    }
}
