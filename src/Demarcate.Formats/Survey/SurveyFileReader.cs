using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;

namespace Demarcate.Formats.Survey;

/// <summary>What applies to every row of a survey file unless the row says otherwise: the CRS (as an operation to WGS 84), frame, epoch, method, accuracy, height system.</summary>
public sealed record SurveyFileDefaults(CoordinateOperation Operation)
{
    public string? Frame { get; init; }

    public double? Epoch { get; init; }

    public string Method { get; init; } = "GNSS";

    public double? Accuracy { get; init; }

    public string HeightSystem { get; init; } = "";
}

/// <summary>The rows read from a survey file and the problems of the rows that could not be read, each with its line.</summary>
public sealed record SurveyFile(IReadOnlyList<SurveyRow> Rows, IReadOnlyList<InputProblem> Problems);

/// <summary>
/// Reads GNSS survey exports: CSV with a header (pillar, then lat/lon, easting/northing or x/y in the stated CRS's axis
/// order, optionally height, frame, epoch, method, accuracy, date, status) or GeoJSON points with the same properties.
/// A row without a frame or epoch (in the row or as a default) is a problem, not a guess.
/// </summary>
public static class SurveyFileReader
{
    private static readonly string[] NumberNames = ["pillar", "number", "id", "name", "point"];

    public static async Task<SurveyFile> ReadAsync(Stream stream, string source, bool geoJson, SurveyFileDefaults defaults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(defaults);
        return geoJson ? await ReadGeoJsonAsync(stream, source, defaults, cancellationToken) : await ReadCsvAsync(stream, source, defaults, cancellationToken);
    }

    private static async Task<SurveyFile> ReadCsvAsync(Stream stream, string source, SurveyFileDefaults defaults, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        var rows = new List<SurveyRow>();
        var problems = new List<InputProblem>();
        var header = await reader.ReadLineAsync(cancellationToken);
        if (header is null)
        {
            return new SurveyFile(rows, [new InputProblem(source, "the file is empty") { Line = 1 }]);
        }

        var delimiter = header.Contains(';', StringComparison.Ordinal) ? ';' : header.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var names = header.Split(delimiter).Select(n => n.Trim().ToLowerInvariant()).ToArray();
        int Find(params string[] candidates) => Array.FindIndex(names, n => candidates.Contains(n, StringComparer.Ordinal));
        var numberColumn = Find(NumberNames);
        var (first, second) = defaults.Operation.Source.IsProjected
            ? (Find("easting", "east", "e", "x"), Find("northing", "north", "n", "y"))
            : (Find("lat", "latitude", "y"), Find("lon", "long", "longitude", "x"));
        if (numberColumn < 0 || first < 0 || second < 0)
        {
            return new SurveyFile(rows, [new InputProblem(source, $"the header needs a pillar column and the coordinates of {defaults.Operation.Source.Code} ({(defaults.Operation.Source.IsProjected ? "easting, northing" : "lat, lon")})") { Line = 1 }]);
        }

        var line = 1L;
        string? text;
        while ((text = await reader.ReadLineAsync(cancellationToken)) is not null)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var cells = text.Split(delimiter).Select(c => c.Trim()).ToArray();
            string? Cell(params string[] candidates)
            {
                var i = Find(candidates);
                return i >= 0 && i < cells.Length && cells[i].Length > 0 ? cells[i] : null;
            }

            var row = Row(source, line, cells.ElementAtOrDefault(numberColumn), cells.ElementAtOrDefault(first), cells.ElementAtOrDefault(second), Cell, defaults, out var problem);
            if (row is null)
            {
                problems.Add(problem!);
            }
            else
            {
                rows.Add(row);
            }
        }

        return new SurveyFile(rows, problems);
    }

    private static async Task<SurveyFile> ReadGeoJsonAsync(Stream stream, string source, SurveyFileDefaults defaults, CancellationToken cancellationToken)
    {
        var rows = new List<SurveyRow>();
        var problems = new List<InputProblem>();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
        }
        catch (JsonException e)
        {
            return new SurveyFile(rows, [new InputProblem(source, "not JSON: " + e.Message) { Line = e.LineNumber + 1 }]);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                return new SurveyFile(rows, [new InputProblem(source, "not a GeoJSON FeatureCollection")]);
            }

            var index = 0L;
            foreach (var feature in features.EnumerateArray())
            {
                var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                string? Property(params string[] candidates)
                {
                    if (properties.ValueKind != JsonValueKind.Object)
                    {
                        return null;
                    }

                    foreach (var property in properties.EnumerateObject())
                    {
                        if (candidates.Contains(property.Name.ToLowerInvariant(), StringComparer.Ordinal))
                        {
                            return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetRawText() : null;
                        }
                    }

                    return null;
                }

                string? x = null, y = null;
                if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object
                    && geometry.TryGetProperty("type", out var type) && type.GetString() == "Point"
                    && geometry.TryGetProperty("coordinates", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() >= 2)
                {
                    (x, y) = (c[0].GetRawText(), c[1].GetRawText());
                }

                // GeoJSON positions are x first (longitude or easting); the operation's source may put latitude first.
                var (first, second) = defaults.Operation.Source.AxisOrder is AxisOrder.LatitudeLongitude or AxisOrder.NorthingEasting ? (y, x) : (x, y);
                var row = Row(source, index, Property(NumberNames), first, second, Property, defaults, out var problem);
                if (row is null)
                {
                    problems.Add(problem! with { Line = null, Feature = index });
                }
                else
                {
                    rows.Add(row);
                }

                index++;
            }
        }

        return new SurveyFile(rows, problems);
    }

    private static SurveyRow? Row(string source, long line, string? number, string? first, string? second, Func<string[], string?> field, SurveyFileDefaults defaults, out InputProblem? problem)
    {
        problem = null;
        InputProblem Problem(string message) => new(source, message) { Line = line };
        if (string.IsNullOrWhiteSpace(number))
        {
            problem = Problem("no pillar number");
            return null;
        }

        if (!double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) || !double.TryParse(second, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
        {
            problem = Problem($"pillar {number}: the coordinates are not two numbers");
            return null;
        }

        var frame = field(["frame", "reference_frame", "datum_realisation"]) ?? defaults.Frame;
        var epochText = field(["epoch"]);
        double? epoch = epochText is null ? defaults.Epoch : double.TryParse(epochText, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : null;
        if (string.IsNullOrWhiteSpace(frame) || epoch is null)
        {
            problem = Problem($"pillar {number}: the reference frame and epoch are required (a frame column and an epoch column, or --frame and --epoch for the whole file)");
            return null;
        }

        var accuracyText = field(["accuracy", "sigma", "precision"]);
        var accuracy = accuracyText is not null && double.TryParse(accuracyText, NumberStyles.Float, CultureInfo.InvariantCulture, out var acc) ? acc : defaults.Accuracy;
        if (accuracy is null)
        {
            problem = Problem($"pillar {number}: the accuracy is required (an accuracy column or --accuracy)");
            return null;
        }

        var result = defaults.Operation.Transform(a, b);
        if (result.Issues.HasFlag(TransformIssues.InvalidCoordinate))
        {
            problem = Problem($"pillar {number}: ({first}, {second}) is not a position in {defaults.Operation.Source.Code}");
            return null;
        }

        var heightText = field(["height", "h", "z", "elevation"]);
        var dateText = field(["date", "observed", "observed_on"]);
        var statusText = field(["status"]);
        var status = PillarStatus.Emplaced;
        if (statusText is not null && !Enum.TryParse(statusText, ignoreCase: true, out status))
        {
            problem = Problem($"pillar {number}: status '{statusText}' is not one of {string.Join(", ", Enum.GetNames<PillarStatus>())}");
            return null;
        }

        var position = new SurveyedPosition(new GeoPoint(result.First, result.Second), frame, epoch.Value, field(["method"]) ?? defaults.Method, accuracy.Value)
        {
            Height = heightText is not null && double.TryParse(heightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : null,
            HeightSystem = field(["height_system"]) ?? defaults.HeightSystem,
            ObservedOn = dateText is not null && DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            Survey = Path.GetFileName(source),
        };
        return new SurveyRow(source, line, number, position, status);
    }
}
