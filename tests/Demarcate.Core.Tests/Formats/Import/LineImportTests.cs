using System.Globalization;
using System.Text;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Formats;
using Demarcate.Formats.Import;
using Demarcate.Testing;
using NetTopologySuite;
using NetTopologySuite.IO;

namespace Demarcate.Core.Tests.Formats.Import;

public sealed class LineImportTests
{
    private static readonly Section Main = new("main", "Main section", "north to south", new PartyCode("AM"), new PartyCode("AZ"), "M", 38);
    private static readonly WKTReader Wkt = new(NtsGeometryServices.Instance);

    // A stand-in for the section's line in force, in the Caucasus.
    private static readonly NetTopologySuite.Geometries.Geometry SectionLine = Wkt.Read("LINESTRING (45 41, 45.3 40.5, 45.4 40.6, 45.6 40.2)");

    private static LineImportRequest Request(FeatureFormat format, string name = "lines") => new()
    {
        SourceName = name,
        Format = format,
        Section = Main,
        Owner = new PartyCode("AM"),
        SectionLine = SectionLine,
    };

    private static Task<Core.ParseResult<LineImportPlan>> PrepareAsync(string text, LineImportRequest request) =>
        LineImport.PrepareAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), request);

    [Fact]
    public async Task A_utm_coordinate_list_arrives_on_wgs84_as_proj_puts_it()
    {
        double[][] grid = [[458231.5, 4453120.25], [466000, 4448000], [475500.75, 4441000]];
        var csv = "id,easting,northing\n" + string.Join("\n", grid.Select((g, i) => string.Create(CultureInfo.InvariantCulture, $"P{i},{g[0]},{g[1]}")));

        var plan = await PrepareAsync(csv, Request(FeatureFormat.Csv, "utm.csv") with { Crs = "EPSG:32638", SectionLine = null });

        Assert.True(plan.Success, plan.Success ? "" : plan.Problems[0].ToString());
        var line = Assert.Single(plan.Value.Lines);
        Assert.Equal(("utm-1", "main", LineKind.PartyClaim), (line.Id, line.SectionId, line.Kind));
        var proj = await ExternalTool.RunAsync("cs2cs", ["-f", "%.12f", "EPSG:32638", "EPSG:4326"], string.Join("\n", grid.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g[0]} {g[1]}"))) + "\n");
        var expected = proj.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var coordinates = line.Geometry.Coordinates;
        for (var i = 0; i < grid.Length; i++)
        {
            Assert.Equal(expected[i][0], coordinates[i].Y, 1e-9);
            Assert.Equal(expected[i][1], coordinates[i].X, 1e-9);
        }
    }

    [Fact]
    public async Task A_header_that_contradicts_the_stated_axis_order_is_refused()
    {
        var plan = await PrepareAsync("id,lat,lon\n1,40.5,45.3\n2,40.6,45.4\n", Request(FeatureFormat.Csv) with { AxisOrder = AxisOrder.LongitudeLatitude });
        Assert.Contains("--axis-order says longitude first", Assert.Single(plan.Problems).Message, StringComparison.Ordinal);

        var followed = await PrepareAsync("id,lat,lon\n1,40.5,45.3\n2,40.6,45.4\n", Request(FeatureFormat.Csv));
        Assert.True(followed.Success);
        Assert.Equal(45.3, followed.Value.Lines[0].Geometry.Coordinates[0].X);
    }

    [Fact]
    public async Task Mixed_crss_in_one_file_are_refused()
    {
        var plan = await PrepareAsync("a\tSRID=4326;LINESTRING (45.3 40.5, 45.4 40.6)\nb\tSRID=32638;LINESTRING (458231.5 4453120.25, 466000 4448000)\n", Request(FeatureFormat.Wkt, "mixed.wkt"));

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(1, problem.Feature);
        Assert.Contains("mixed CRSs in one file: feature 0 is in EPSG:4326, feature 1 in EPSG:32638", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_geojson_file_is_never_in_another_crs()
    {
        var plan = await PrepareAsync("{\"type\":\"LineString\",\"coordinates\":[[45.3,40.5],[45.4,40.6]]}", Request(FeatureFormat.GeoJson) with { Crs = "EPSG:28408" });
        Assert.Contains("always WGS 84", Assert.Single(plan.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_that_never_meets_the_section_is_refused_with_the_distance()
    {
        var plan = await PrepareAsync("far\tLINESTRING (44 42, 44.1 42.1)\nnear\tLINESTRING (45.3 40.6, 45.35 40.55)\n", Request(FeatureFormat.Wkt, "far.wkt"));

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(0, problem.Feature);
        Assert.Matches(@"never meets section 'main' \(Main section\): it comes no closer than 1\d\d\.\d+ km", problem.Message);
    }

    [Fact]
    public async Task Empty_and_one_point_lines_are_refused()
    {
        var plan = await PrepareAsync(
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[]}}]}",
            Request(FeatureFormat.GeoJson));
        Assert.Contains("no positions", Assert.Single(plan.Problems).Message, StringComparison.Ordinal);

        var onePoint = await PrepareAsync("{\"type\":\"LineString\",\"coordinates\":[[45.3,40.5]]}", Request(FeatureFormat.GeoJson));
        Assert.False(onePoint.Success);

        var twice = await PrepareAsync("LINESTRING (45.3 40.5, 45.3 40.5)", Request(FeatureFormat.Wkt));
        Assert.Contains(twice.Problems, p => p.Message.Contains("at least 2 distinct positions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repairable_faults_are_refused_unless_repair_is_asked_for_and_then_every_change_is_reported()
    {
        const string Kml = """
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>claim</name><LineString><coordinates>
            45.3,40.5 45.35,40.5 45.35,40.5 45.4,40.5 45.36,40.50001 45.4,40.6
            </coordinates></LineString></Placemark></Document></kml>
            """;

        var refused = await PrepareAsync(Kml, Request(FeatureFormat.Kml, "claim.kml"));
        Assert.Equal(2, refused.Problems.Count);
        Assert.All(refused.Problems, p => Assert.EndsWith("(--repair fixes this)", p.Message, StringComparison.Ordinal));
        Assert.All(refused.Problems, p => Assert.Equal((0L, 1L), (p.Feature!.Value, p.Line!.Value)));

        var repaired = await PrepareAsync(Kml, Request(FeatureFormat.Kml, "claim.kml") with { Repair = true });
        Assert.True(repaired.Success, repaired.Success ? "" : repaired.Problems[0].ToString());
        Assert.Equal("MULTILINESTRING ((45.3 40.5, 45.35 40.5, 45.36 40.50001, 45.4 40.6))", repaired.Value.Lines[0].Geometry.AsText());
        Assert.Equal(2, repaired.Value.Changes.Count);
        Assert.Contains(repaired.Value.Changes, c => c.Description.Contains("removed 1 duplicate consecutive position (vertex 2)", StringComparison.Ordinal));
        Assert.Contains(repaired.Value.Changes, c => c.Description.Contains("removed the spike at vertex 3 [45.4, 40.5]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_or_while_reading()
    {
        var text = "LINESTRING (45.3 40.5, 45.4 40.6)\n" + new string('#', 5000) + "\n";
        var seekable = await LineImport.PrepareAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), Request(FeatureFormat.Wkt, "big.wkt") with { MaximumBytes = 1000 });
        Assert.Contains("larger than the import limit", Assert.Single(seekable.Problems).Message, StringComparison.Ordinal);

        var streamed = await LineImport.PrepareAsync(new OneWayStream(Encoding.UTF8.GetBytes(text)), Request(FeatureFormat.Wkt, "big.wkt") with { MaximumBytes = 1000 });
        Assert.Contains("larger than the import limit", Assert.Single(streamed.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pulkovo_grid_coordinates_go_through_the_commissions_transformation()
    {
        var refused = await PrepareAsync("1 4484000 8460000\n2 4483000 8461000\n", Request(FeatureFormat.Csv) with { Crs = "EPSG:28408", SectionLine = null });
        Assert.Contains("name one", Assert.Single(refused.Problems).Message, StringComparison.Ordinal);

        var plan = await PrepareAsync("1 4484000 8460000\n2 4483000 8461000\n", Request(FeatureFormat.Csv) with { Crs = "EPSG:28408", CommissionOperation = "EPSG:15865", SectionLine = null });
        Assert.True(plan.Success, plan.Success ? "" : plan.Problems[0].ToString());
        Assert.Contains("EPSG:15865", plan.Value.Operation, StringComparison.Ordinal);
        Assert.InRange(plan.Value.Lines[0].Geometry.Coordinates[0].Y, 40, 41);
    }

    [Theory]
    [InlineData("EPSG:4326", 1e-12)]
    [InlineData("EPSG:32638", 1e-8)]
    public async Task Lines_from_a_geopackage_written_by_gdal_arrive_with_their_ids_and_crs(string srs, double tolerance)
    {
        using var scratch = new ScratchFolder();
        var geoJson = scratch.File("claims.geojson");
        await File.WriteAllTextAsync(geoJson, """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"gp-1","name":"AM claim"},"geometry":{"type":"LineString","coordinates":[[45.3,40.5],[45.35,40.55],[45.4,40.6]]}},
            {"type":"Feature","properties":{"id":"gp-2","name":"AM claim, south"},"geometry":{"type":"MultiLineString","coordinates":[[[45.4,40.6],[45.5,40.4]],[[45.52,40.38],[45.6,40.2]]]}}
            ]}
            """);
        var gpkg = scratch.File("claims.gpkg");
        var made = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GPKG", "-t_srs", srs, "-nln", "claims", gpkg, geoJson]);
        Assert.True(made.ExitCode == 0, made.StandardError);

        await using var stream = File.OpenRead(gpkg);
        var plan = await LineImport.PrepareAsync(stream, Request(FeatureFormat.GeoPackage, "claims.gpkg"));

        Assert.True(plan.Success, plan.Success ? "" : plan.Problems[0].ToString());
        Assert.Equal(["gp-1", "gp-2"], plan.Value.Lines.Select(l => l.Id));
        Assert.Equal("AM claim, south", plan.Value.Lines[1].Name);
        Assert.StartsWith(srs, plan.Value.Operation, StringComparison.Ordinal);
        var expected = Wkt.Read("MULTILINESTRING ((45.4 40.6, 45.5 40.4), (45.52 40.38, 45.6 40.2))").Coordinates;
        var actual = plan.Value.Lines[1].Geometry.Coordinates;
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].X, actual[i].X, tolerance);
            Assert.Equal(expected[i].Y, actual[i].Y, tolerance);
        }
    }

    /// <summary>A stream that cannot seek, as a request body is.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
