using System.Text;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Demarcate.Formats.Incidents;

namespace Demarcate.Core.Tests.Formats.Incidents;

public sealed class IncidentFileTests
{
    /// <summary>Roughly the Armenia–Azerbaijan border region.</summary>
    private static readonly IncidentReadOptions Options = new(new GeographicBounds(38.5, 43.5, 41.5, 47.0), new PartyCode("RU"), new DateOnly(2026, 11, 24));

    private const string Header = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities";

    private static async Task<IncidentFile> ReadAsync(string text, bool geoJson = false)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await IncidentFileReader.ReadAsync(stream, "incidents.csv", geoJson, Options, default);
    }

    [Fact]
    public async Task ACLED_rows_read_with_their_precisions_and_quoted_notes()
    {
        var file = await ReadAsync(Header + "\n" +
            "ARM100,2026-03-14,2026,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of X,,Armenia,Tavush,Ijevan,40.8756,45.1492,2,Monitor patrol,\"Shelling, then \"\"silence\"\"\nuntil dawn\",2\n" +
            "ARM101,2026-03-10,2026,3,Political violence,Battles,Armed clash,A,B,Armenia,Syunik,Goris,39.5111,46.3411,3,Statement,,\n");

        Assert.Empty(file.Problems);
        Assert.Equal(2, file.Rows.Count);
        var first = file.Rows[0].Report;
        Assert.Equal(new IncidentDate(new DateOnly(2026, 3, 14), TimePrecision.Day), first.Date);
        Assert.Equal(new IncidentLocation(new GeoPoint(40.8756, 45.1492), GeoPrecision.NearPlace, "Ijevan", "Tavush"), first.Location);
        Assert.Equal(IncidentType.ShellingArtilleryMissile, first.Type);
        Assert.Equal("Shelling, then \"silence\"\nuntil dawn", first.Notes);
        Assert.Equal(2, first.Fatalities);
        Assert.Equal(new IncidentSource("Monitor patrol", "ARM100", new PartyCode("RU"), 2, null), first.Sources.Single());
        Assert.Equal(TimePrecision.Month, file.Rows[1].Report.Date.Precision);
        Assert.Null(file.Rows[1].Report.Fatalities);
        Assert.Equal(4, file.Rows[1].Line); // the quoted note spans two lines
    }

    [Fact]
    public async Task Every_bad_row_is_named_with_its_row_and_line()
    {
        var file = await ReadAsync(Header + "\n" +
            "A1,,2026,1,,Battles,Armed clash,,,,,,40.8,45.1,1,s,,\n" +
            "A2,2026-02-30,2026,1,,Battles,Armed clash,,,,,,40.8,45.1,1,s,,\n" +
            "A3,2026-03-01,2026,1,,Battles,Armed clash,,,,,,45.1,40.8,1,s,,\n" +
            "A4,2026-03-01,2026,1,,Protests,Peaceful protest,,,,,,40.8,45.1,1,s,,\n" +
            "A5,2026-03-01,2026,1,,Battles,Armed clash,,,,,,40.8,45.1,1,s,,\n" +
            "A5,2026-03-01,2026,1,,Battles,Armed clash,,,,,,40.8,45.1,1,s,,\n" +
            "A6,2026-03-01,2026,1,,Battles,Armed clash,,,,,,,45.1,1,s,,\n" +
            "A7,2027-01-01,2027,1,,Battles,Armed clash,,,,,,40.8,45.1,1,s,,\n" +
            "A8,2026-03-01,2026,4,,Battles,Armed clash,,,,,,40.8,95.1,1,s,,-1\n");

        Assert.Equal(["A5"], file.Rows.Select(r => r.Report.Sources[0].Reference));
        Assert.Equal(9, file.RowsRead);
        var byRow = file.Problems.GroupBy(p => p.Message[..p.Message.IndexOf(':', StringComparison.Ordinal)]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Contains("event_date is missing", byRow["row 1"].Single().Message, StringComparison.Ordinal);
        Assert.Contains("'2026-02-30' is not a date", byRow["row 2"].Single().Message, StringComparison.Ordinal);
        Assert.Contains("look swapped", byRow["row 3"].Single().Message, StringComparison.Ordinal);
        Assert.Contains("unknown type", byRow["row 4"].Single().Message, StringComparison.Ordinal);
        Assert.Contains("repeats row 5", byRow["row 6"].Single().Message, StringComparison.Ordinal);
        Assert.Contains("latitude and longitude are both needed", byRow["row 7"].Single().Message, StringComparison.Ordinal);
        Assert.Contains("in the future", byRow["row 8"].Single().Message, StringComparison.Ordinal);
        Assert.Equal(2, byRow["row 9"].Count); // time precision 4 and fatalities -1; a point far east of the area is kept, not taken for swapped
        Assert.Equal(3, file.Problems.Single(p => p.Message.StartsWith("row 2:", StringComparison.Ordinal)).Line);
        Assert.StartsWith("incidents.csv:3: row 2:", file.Problems.Single(p => p.Message.StartsWith("row 2:", StringComparison.Ordinal)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_without_ACLEDs_columns_is_refused_at_line_1()
    {
        var file = await ReadAsync("date,lat,lon\n2026-03-01,40,45\n");

        Assert.Empty(file.Rows);
        Assert.Equal(1, file.Problems.Single().Line);
    }

    [Fact]
    public async Task GeoJSON_points_read_with_ACLED_properties_and_problems_name_the_feature()
    {
        var file = await ReadAsync("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[45.1492,40.8756]},"properties":{"event_id_cnty":"G1","event_date":"2026-03-14","sub_event_type":"Air/drone strike","fatalities":0}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[45.1492,40.8756]},"properties":{"event_id_cnty":"G2","event_date":"14 March 2026","sub_event_type":"Riot"}}
            ]}
            """, geoJson: true);

        var report = file.Rows.Single().Report;
        Assert.Equal(IncidentType.AirDroneStrike, report.Type);
        Assert.Equal(new GeoPoint(40.8756, 45.1492), report.Location.Point);
        Assert.Equal(0, report.Fatalities);
        Assert.Equal(1, file.Problems.Single().Feature);
    }

    [Fact]
    public async Task What_is_written_reads_back_in_both_formats()
    {
        var incident = new Incident("inc-1", new IncidentDate(new DateOnly(2026, 3, 14), TimePrecision.Week), new IncidentLocation(new GeoPoint(40.8756, 45.1492), GeoPrecision.NearPlace, "Ijevan, \"north\"", "Tavush"), IncidentType.Incursion)
        {
            Actor1 = "Patrol",
            Sources = [new IncidentSource("Monitor patrol", "M1", new PartyCode("RU"), 1, 2), new IncidentSource("Statement", "M2", new PartyCode("RU"), 3, null)],
            Fatalities = 1,
            Injuries = 2,
            Verification = VerificationStatus.VerifiedByMonitor,
            Notes = "Two, with a comma",
        };

        foreach (var geoJson in new[] { false, true })
        {
            using var stream = new MemoryStream();
            if (geoJson)
            {
                await IncidentFileWriter.WriteGeoJsonAsync(stream, [incident], default);
            }
            else
            {
                await IncidentFileWriter.WriteCsvAsync(stream, [incident], default);
            }

            stream.Position = 0;
            var file = await IncidentFileReader.ReadAsync(stream, "export", geoJson, Options, default);
            var read = file.Rows.Single().Report;
            Assert.Equal((incident.Date, incident.Location, incident.Type, incident.Actor1, incident.Fatalities, incident.Injuries, incident.Verification, incident.Notes),
                (read.Date, read.Location, read.Type, read.Actor1, read.Fatalities, read.Injuries, read.Verification, read.Notes));
            Assert.Equal("Monitor patrol; Statement", read.Sources.Single().Name);
            Assert.Equal("inc-1", read.Sources.Single().Reference);
        }
    }
}
