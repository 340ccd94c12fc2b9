using System.Globalization;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;

namespace Demarcate.Formats.Incidents;

/// <summary>What the reader needs beyond the file: the commission's area (to catch swapped coordinates), the reporting party and today.</summary>
/// <param name="Area">The commission's area: a point outside it whose swapped coordinates lie inside is reported as swapped.</param>
/// <param name="ReportingParty">The party the reports are made by (the importing delegation or the monitors' team); when none,
/// the file's own reporting_party column says (the commission loading its record).</param>
/// <param name="Today">The last possible incident date: a later one is impossible.</param>
public sealed record IncidentReadOptions(GeographicBounds Area, PartyCode? ReportingParty, DateOnly Today);

/// <summary>One report read from a file, with where it came from (1-based data row; the CSV line or GeoJSON feature index).</summary>
public sealed record IncidentRow(long Row, long? Line, long? Feature, Incident Report);

/// <summary>The valid rows of an incident file and the problems of the others, each naming its row.</summary>
public sealed record IncidentFile(IReadOnlyList<IncidentRow> Rows, IReadOnlyList<InputProblem> Problems, long RowsRead);

/// <summary>
/// Reads incident reports in ACLED's export columns (CSV with a header: event_id_cnty, event_date, year, time_precision,
/// event_type, sub_event_type, actor1, actor2, admin1, location, latitude, longitude, geo_precision, source, notes,
/// fatalities; the commission's own injuries and verification columns are optional) or as GeoJSON points whose properties
/// carry the same names. Each row is judged in full: a missing or impossible date, missing or impossible coordinates,
/// swapped latitude and longitude, an unknown type and a repeated row are problems naming the row; a row with a problem
/// is never half-read.
/// </summary>
public static class IncidentFileReader
{
    /// <summary>ACLED's export columns, in ACLED's order, followed by the commission's own (injuries, verification).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
        "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
        "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp", "injuries", "verification",
    ];

    private static readonly string[] RequiredColumns = ["event_date", "sub_event_type", "latitude", "longitude"];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d MMMM yyyy", "dd MMMM yyyy", "d-MMM-yy", "dd/MM/yyyy"];

    public static async Task<IncidentFile> ReadAsync(Stream stream, string source, bool geoJson, IncidentReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var records = geoJson ? await GeoJsonRecordsAsync(stream, source, cancellationToken) : await CsvRecordsAsync(stream, source, cancellationToken);
        if (!records.Success)
        {
            return new IncidentFile([], records.Problems, 0);
        }

        var rows = new List<IncidentRow>();
        var problems = new List<InputProblem>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var row = 0L;
        foreach (var record in records.Value)
        {
            row++;
            var where = new InputProblem(source, "") { Line = record.Line, Feature = record.Feature };
            var found = new List<string>();
            var report = Read(record.Cells, row, options, found);
            if (report is not null)
            {
                var reference = report.Sources[0].Reference;
                var key = reference.Length > 0
                    ? "id " + reference
                    : string.Join('|', report.Date, report.Type, report.Location.Point.Latitude.ToString("R", CultureInfo.InvariantCulture),
                        report.Location.Point.Longitude.ToString("R", CultureInfo.InvariantCulture), report.Sources[0].Name, report.Notes);
                if (seen.TryGetValue(key, out var first))
                {
                    found.Add(reference.Length > 0 ? $"event_id_cnty {reference} repeats row {first}" : $"the same report as row {first}");
                }
                else
                {
                    seen[key] = row;
                }
            }

            if (found.Count > 0)
            {
                problems.AddRange(found.Select(f => where with { Message = $"row {row}: {f}" }));
            }
            else
            {
                rows.Add(new IncidentRow(row, record.Line, record.Feature, report!));
            }
        }

        return new IncidentFile(rows, problems, row);
    }

    /// <summary>
    /// Reads one report given as ACLED's column names and values (a form's fields), with the same checks as a file's row.
    /// </summary>
    public static ParseResult<Incident> ReadOne(IReadOnlyDictionary<string, string> cells, string source, IncidentReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var report = Read(cells, 1, options, problems);
        return report is not null && problems.Count == 0
            ? ParseResult<Incident>.Ok(report)
            : ParseResult<Incident>.Failed([.. problems.Select(p => new InputProblem(source, p))]);
    }

    private static Incident? Read(IReadOnlyDictionary<string, string> cells, long row, IncidentReadOptions options, List<string> problems)
    {
        string Cell(string name) => cells.TryGetValue(name, out var value) ? value.Trim() : "";

        DateOnly? date = null;
        var dateText = Cell("event_date");
        if (dateText.Length == 0)
        {
            problems.Add("event_date is missing");
        }
        else if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            problems.Add($"event_date '{dateText}' is not a date (expected yyyy-mm-dd)");
        }
        else if (parsed > options.Today)
        {
            problems.Add($"event_date {dateText} is in the future");
        }
        else if (Cell("year") is { Length: > 0 } year && year != parsed.Year.ToString(CultureInfo.InvariantCulture))
        {
            problems.Add($"year {year} is not the year of event_date {dateText}");
        }
        else
        {
            date = parsed;
        }

        var timePrecision = Code<TimePrecision>(Cell("time_precision"), "time_precision", problems);
        var geoPrecision = Code<GeoPrecision>(Cell("geo_precision"), "geo_precision", problems);

        var type = IncidentTypes.Parse(Cell("event_type"), Cell("sub_event_type"));
        if (type is null)
        {
            problems.Add(Cell("sub_event_type").Length == 0
                ? "sub_event_type is missing"
                : $"unknown type '{Cell("event_type")}' / '{Cell("sub_event_type")}'; known: {string.Join("; ", IncidentTypes.All.Select(t => t.EventType + " / " + t.SubEventType))}");
        }

        var point = Point(Cell("latitude"), Cell("longitude"), options.Area, problems);
        var fatalities = Count(Cell("fatalities"), "fatalities", problems);
        var injuries = Count(Cell("injuries"), "injuries", problems);
        var verification = VerificationStatus.Reported;
        if (Cell("verification") is { Length: > 0 } v && !Enum.TryParse(v.Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out verification))
        {
            problems.Add($"verification '{v}' is not one of {string.Join(", ", Enum.GetNames<VerificationStatus>())}");
        }

        if (problems.Count > 0 || date is null || type is null || point is null)
        {
            return null;
        }

        var reference = Cell("event_id_cnty");
        var sourceName = Cell("source");
        var party = options.ReportingParty ?? (Cell("reporting_party") is { Length: > 0 } code ? new PartyCode(code) : null);
        return new Incident("", new IncidentDate(date.Value, timePrecision), new IncidentLocation(point.Value, geoPrecision, Cell("location"), Cell("admin1")), type.Value)
        {
            Actor1 = Cell("actor1"),
            Actor2 = Cell("actor2"),
            ReportingParty = party,
            Sources = [new IncidentSource(sourceName, reference, party, fatalities, injuries)],
            Fatalities = fatalities,
            Injuries = injuries,
            Verification = verification,
            Notes = Cell("notes"),
        };
    }

    private static T Code<T>(string text, string column, List<string> problems)
        where T : struct, Enum
    {
        if (text.Length == 0)
        {
            return (T)(object)1;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 1 and <= 3)
        {
            return (T)(object)code;
        }

        problems.Add($"{column} '{text}' is not 1, 2 or 3");
        return (T)(object)1;
    }

    private static int? Count(string text, string column, List<string> problems)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return count;
        }

        problems.Add($"{column} '{text}' is not a whole number of people");
        return null;
    }

    private static GeoPoint? Point(string latText, string lonText, GeographicBounds area, List<string> problems)
    {
        if (latText.Length == 0 || lonText.Length == 0)
        {
            problems.Add("latitude and longitude are both needed");
            return null;
        }

        if (!double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) || !double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || !double.IsFinite(lat) || !double.IsFinite(lon))
        {
            problems.Add($"latitude '{latText}', longitude '{lonText}' are not decimal degrees");
            return null;
        }

        if (lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            problems.Add($"latitude {latText}, longitude {lonText} is not a place on Earth");
            return null;
        }

        if (!area.Contains(lat, lon) && area.Contains(lon, lat))
        {
            problems.Add($"latitude and longitude look swapped: {latText}, {lonText} lies outside the commission's area but {lonText}, {latText} inside it");
            return null;
        }

        return new GeoPoint(lat, lon);
    }

    private sealed record RawRecord(long? Line, long? Feature, IReadOnlyDictionary<string, string> Cells);

    private static async Task<ParseResult<IReadOnlyList<RawRecord>>> CsvRecordsAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var records = CsvTable.Parse(text);
        if (records.Count == 0)
        {
            return ParseResult<IReadOnlyList<RawRecord>>.Failed(new InputProblem(source, "the file is empty") { Line = 1 });
        }

        var header = records[0].Cells.Select(c => c.Trim().ToLowerInvariant()).ToArray();
        var missing = RequiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return ParseResult<IReadOnlyList<RawRecord>>.Failed(new InputProblem(source, $"the header lacks ACLED's column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}") { Line = 1 });
        }

        var result = new List<RawRecord>();
        foreach (var record in records.Skip(1))
        {
            if (record.Cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < record.Cells.Count; i++)
            {
                cells.TryAdd(header[i], record.Cells[i]);
            }

            result.Add(new RawRecord(record.Line, null, cells));
        }

        return ParseResult<IReadOnlyList<RawRecord>>.Ok(result);
    }

    private static async Task<ParseResult<IReadOnlyList<RawRecord>>> GeoJsonRecordsAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
        }
        catch (JsonException e)
        {
            return ParseResult<IReadOnlyList<RawRecord>>.Failed(new InputProblem(source, "not JSON: " + e.Message) { Line = e.LineNumber + 1 });
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                return ParseResult<IReadOnlyList<RawRecord>>.Failed(new InputProblem(source, "not a GeoJSON FeatureCollection"));
            }

            var result = new List<RawRecord>();
            var index = 0L;
            foreach (var feature in features.EnumerateArray())
            {
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                if (feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        cells[property.Name.ToLowerInvariant()] = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString() ?? "",
                            JsonValueKind.Null => "",
                            _ => property.Value.GetRawText(),
                        };
                    }
                }

                // The geometry, when a point, gives the coordinates (longitude first, as GeoJSON has them).
                cells.Remove("latitude");
                cells.Remove("longitude");
                if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object
                    && geometry.TryGetProperty("type", out var type) && type.GetString() == "Point"
                    && geometry.TryGetProperty("coordinates", out var coordinates) && coordinates.ValueKind == JsonValueKind.Array && coordinates.GetArrayLength() >= 2)
                {
                    cells["longitude"] = coordinates[0].GetRawText();
                    cells["latitude"] = coordinates[1].GetRawText();
                }

                result.Add(new RawRecord(null, index++, cells));
            }

            return ParseResult<IReadOnlyList<RawRecord>>.Ok(result);
        }
    }
}
