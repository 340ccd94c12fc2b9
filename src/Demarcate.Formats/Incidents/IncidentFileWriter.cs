using System.Globalization;
using System.Text;
using System.Text.Json;
using Demarcate.Core.Monitoring;

namespace Demarcate.Formats.Incidents;

/// <summary>
/// Writes incidents in ACLED's export columns (CSV) or as GeoJSON points with the same property names, followed by the
/// commission's own: injuries, verification, reporting party, publication, and the attribution (sector, distance, side).
/// A merged incident's sources are joined with "; ". What is written reads back with <see cref="IncidentFileReader"/>.
/// </summary>
public static class IncidentFileWriter
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "location",
        "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "injuries", "verification", "reporting_party", "publication",
        "sector_id", "distance_m", "side",
    ];

    public static async Task WriteCsvAsync(Stream stream, IEnumerable<Incident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(incidents);
        var text = new StringBuilder();
        text.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var incident in incidents)
        {
            text.Append(string.Join(',', Values(incident).Select(v => CsvTable.Quote(Text(v))))).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
    }

    public static async Task WriteGeoJsonAsync(Stream stream, IEnumerable<Incident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(incidents);
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        foreach (var incident in incidents)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteString("id", incident.Id);
            writer.WriteStartObject("geometry");
            writer.WriteString("type", "Point");
            writer.WriteStartArray("coordinates");
            writer.WriteNumberValue(incident.Location.Point.Longitude);
            writer.WriteNumberValue(incident.Location.Point.Latitude);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            var values = Values(incident);
            for (var i = 0; i < Columns.Count; i++)
            {
                if (Columns[i] is "latitude" or "longitude")
                {
                    continue;
                }

                switch (values[i])
                {
                    case null:
                        writer.WriteNull(Columns[i]);
                        break;
                    case int n:
                        writer.WriteNumber(Columns[i], n);
                        break;
                    case double d:
                        writer.WriteNumber(Columns[i], d);
                        break;
                    default:
                        writer.WriteString(Columns[i], Text(values[i]));
                        break;
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>ACLED's disorder type for an incident type: political violence, or strategic developments for non-violent events.</summary>
    public static string DisorderType(IncidentType type) =>
        IncidentTypes.NameOf(type).EventType == IncidentTypes.StrategicDevelopments ? "Strategic developments" : "Political violence";

    private static object?[] Values(Incident i)
    {
        var name = i.TypeName;
        return
        [
            i.Id, i.Date.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.Date.Date.Year, (int)i.Date.Precision, DisorderType(i.Type), name.EventType,
            name.SubEventType, i.Actor1, i.Actor2, i.Location.Region, i.Location.Place, i.Location.Point.Latitude, i.Location.Point.Longitude, (int)i.Location.Precision,
            string.Join("; ", i.Sources.Select(s => s.Name).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)), i.Notes, i.Fatalities, i.Injuries,
            i.Verification.ToString(), i.ReportingParty?.Value, i.Publication.ToString(), i.Attribution?.SectorId, i.Attribution?.DistanceMetres,
            i.Attribution?.SideParty?.Value,
        ];
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
