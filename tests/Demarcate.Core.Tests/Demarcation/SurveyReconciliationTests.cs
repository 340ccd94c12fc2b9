using System.Globalization;
using System.Text;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Formats.Survey;

namespace Demarcate.Core.Tests.Demarcation;

/// <summary>Field surveys read from CSV and GeoJSON and reconciled with the register under per-type tolerances; bad rows reported each with its line.</summary>
public sealed class SurveyReconciliationTests
{
    private static readonly TransverseMercator Zone38 = Utm.Projection(38);

    private static readonly Pillar[] Register =
    [
        new(PillarNumber.Of("M-04", 1), "M-04", PillarType.Primary, new GeoPoint(40.0, 45.0)),
        new(PillarNumber.Of("M-04", 2), "M-04", PillarType.Secondary, new GeoPoint(40.0045, 45.0)),
        new(PillarNumber.Of("M-04", 3), "M-04", PillarType.Primary, new GeoPoint(40.009, 45.0)),
        new(PillarNumber.Of("M-04", 4), "M-04", PillarType.Primary, new GeoPoint(40.0135, 45.0)),
    ];

    private static CoordinateOperation To4326(string code) =>
        CoordinateOperation.Create(CrsRegistry.Standard.Resolve(code).Value, CrsRegistry.Wgs84).Value;

    /// <summary>Easting and northing in UTM 38N of a point <paramref name="east"/> and <paramref name="north"/> metres (on the grid) from a pillar's plan.</summary>
    private static string Grid(Pillar pillar, double east, double north)
    {
        var g = Zone38.Forward(pillar.Planned.Latitude, pillar.Planned.Longitude);
        return string.Create(CultureInfo.InvariantCulture, $"{g.Easting + east:0.0000},{g.Northing + north:0.0000}");
    }

    private static async Task<SurveyFile> CsvAsync(string text, SurveyFileDefaults defaults) =>
        await SurveyFileReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "survey.csv", geoJson: false, defaults, CancellationToken.None);

    [Fact]
    public async Task A_clean_utm_survey_reconciles_with_offsets_and_flags_the_pillar_out_of_tolerance()
    {
        var csv = new StringBuilder("pillar,easting,northing,height,accuracy,status\n")
            .Append("M-04/1,").Append(Grid(Register[0], 0.01, 0.02)).Append(",1001.2,0.01,Emplaced\n")
            .Append("M-04/2,").Append(Grid(Register[1], 0.08, 0)).Append(",,0.02,\n")
            .Append("M-04/3,").Append(Grid(Register[2], 0.08, 0)).Append(",,0.02,Verified\n")
            .ToString();

        var file = await CsvAsync(csv, new SurveyFileDefaults(To4326("EPSG:32638")) { Frame = "ITRF2014", Epoch = 2024.3 });
        Assert.Empty(file.Problems);
        var survey = SurveyReconciliation.Reconcile(file.Rows, Register, new SurveyTolerances());

        Assert.Empty(survey.Problems);
        Assert.Equal(3, survey.Valid.Count);
        // On the central meridian a grid metre is k₀ = 0.9996 ground metres.
        Assert.Equal(0.01 / 0.9996, survey.Valid[0].East, 0.0005);
        Assert.Equal(0.02 / 0.9996, survey.Valid[0].North, 0.0005);
        Assert.Equal("ITRF2014", survey.Valid[0].Row.Position.Frame);
        Assert.Equal(1001.2, survey.Valid[0].Row.Position.Height);
        // 8 cm is within a secondary's 10 cm, not within a primary's 5 cm.
        var flagged = Assert.Single(survey.OutOfTolerance);
        Assert.Equal("M-04/3", flagged.Pillar.Number.ToString());
        Assert.Equal(0.08 / 0.9996, flagged.East, 0.0005);
        Assert.Equal(PillarStatus.Verified, flagged.Observation.Status);
    }

    [Fact]
    public async Task Unknown_numbers_duplicates_missing_frame_and_a_wrong_crs_are_each_reported_with_their_row()
    {
        // Row 2: fine. 3: not in the register. 4 and 5: the same pillar twice. 6: no epoch. 7: in zone 37's grid, read as zone 38.
        var zone37 = Utm.Projection(37).Forward(Register[3].Planned.Latitude, Register[3].Planned.Longitude);
        var csv = new StringBuilder("pillar;easting;northing;frame;epoch\n")
            .Append("M-04/1;").Append(Grid(Register[0], 0, 0).Replace(',', ';')).Append(";ITRF2014;2024.3\n")
            .Append("M-04/9;").Append(Grid(Register[0], 0, 0).Replace(',', ';')).Append(";ITRF2014;2024.3\n")
            .Append("M-04/2;").Append(Grid(Register[1], 0, 0).Replace(',', ';')).Append(";ITRF2014;2024.3\n")
            .Append("M-04/2;").Append(Grid(Register[1], 0.01, 0).Replace(',', ';')).Append(";ITRF2014;2024.3\n")
            .Append("M-04/3;").Append(Grid(Register[2], 0, 0).Replace(',', ';')).Append(";ITRF2014;\n")
            .Append(CultureInfo.InvariantCulture, $"M-04/4;{zone37.Easting:0.000};{zone37.Northing:0.000};ITRF2014;2024.3\n")
            .ToString();

        var file = await CsvAsync(csv, new SurveyFileDefaults(To4326("EPSG:32638")) { Accuracy = 0.02 });
        var survey = SurveyReconciliation.Reconcile(file.Rows, Register, new SurveyTolerances());
        var problems = file.Problems.Concat(survey.Problems).OrderBy(p => p.Line).ToList();

        Assert.Equal([3L, 4L, 5L, 6L, 7L], problems.Select(p => p.Line!.Value));
        Assert.Contains("not in the register", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("more than one row (lines 4, 5)", problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("frame and epoch are required", problems[3].Message, StringComparison.Ordinal);
        Assert.Contains("check the CRS", problems[4].Message, StringComparison.Ordinal);
        Assert.All(problems, p => Assert.Equal("survey.csv", p.Source));
        Assert.Equal("M-04/1", Assert.Single(survey.Valid).Pillar.Number.ToString());
    }

    [Fact]
    public async Task A_geojson_survey_in_wgs84_reads_longitude_first_with_its_properties()
    {
        const string json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[45.0,40.0045]},
               "properties":{"pillar":"M-04/2","frame":"ITRF2020","epoch":2025.5,"method":"GNSS static","accuracy":0.005,"height":998.1,"height_system":"EGM2008","date":"2025-07-01"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[45.0,40.009]},"properties":{"pillar":"M-04/3"}}
            ]}
            """;

        var file = await SurveyFileReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), "survey.geojson", geoJson: true, new SurveyFileDefaults(To4326("EPSG:4326")), CancellationToken.None);

        var row = Assert.Single(file.Rows);
        Assert.Equal(new GeoPoint(40.0045, 45.0), row.Position.Position);
        Assert.Equal(("ITRF2020", 2025.5, "GNSS static", "EGM2008"), (row.Position.Frame, row.Position.Epoch, row.Position.Method, row.Position.HeightSystem));
        Assert.Equal(new DateOnly(2025, 7, 1), row.Position.ObservedOn);
        var missing = Assert.Single(file.Problems);
        Assert.Equal(1, missing.Feature);
        Assert.Contains("frame and epoch", missing.Message, StringComparison.Ordinal);
    }
}
