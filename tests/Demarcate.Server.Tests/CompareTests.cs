using System.Net;
using System.Text.Json;
using Demarcate.Testing;
using NetTopologySuite.Geometries;

namespace Demarcate.Server.Tests;

/// <summary>GET /api/compare and <c>demarcate compare</c> on the demo's two sources.</summary>
public sealed class CompareTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public CompareTests(DemarcateFactory factory) => _factory = factory;

    [Fact]
    public async Task Anyone_compares_two_published_lines_and_gets_one_feature_per_polygon()
    {
        using var client = await _factory.ClientAsync(null);

        using var response = await client.GetAsync(new Uri("/api/compare?a=osm-nakhchivan&b=naturalearth-nakhchivan", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var features = document.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(document.RootElement.GetProperty("comparison").GetProperty("polygons").GetInt32(), features.Count);
        Assert.True(features.Count >= 5);
        Assert.All(features, f =>
        {
            var p = f.GetProperty("properties");
            Assert.True(p.GetProperty("ellipsoidal_area_m2").GetDouble() > 0);
            Assert.Contains(p.GetProperty("holder_under_a").GetString(), new[] { "AM", "AZ" });
            Assert.Equal("Polygon", f.GetProperty("geometry").GetProperty("type").GetString());
        });
    }

    [Fact]
    public async Task Comparing_by_sector_gives_a_row_per_sector_with_net_gains()
    {
        using var client = await _factory.ClientAsync("monitor");

        var json = await client.GetStringAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-main&sectors=true&format=json", UriKind.Relative));

        using var document = JsonDocument.Parse(json);
        var sectors = document.RootElement.GetProperty("sectors").EnumerateArray().ToList();
        Assert.True(sectors.Count >= 20, json[..Math.Min(json.Length, 400)]);
        Assert.All(sectors, s => Assert.StartsWith("M-", s.GetProperty("sector").GetString(), StringComparison.Ordinal));
        var gains = sectors[0].GetProperty("net_gain_under_b_m2");
        Assert.Equal(0, gains.GetProperty("AM").GetDouble() + gains.GetProperty("AZ").GetDouble(), 0);
    }

    [Fact]
    public async Task Comparing_between_two_break_points_gives_the_sector_between_them_and_bad_ends_are_refused()
    {
        using var client = await _factory.ClientAsync(null);

        var stretch = await client.GetStringAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-main&from=M-B03&to=M-B04&format=json", UriKind.Relative));
        var bySector = await client.GetStringAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-main&sectors=true&format=json", UriKind.Relative));

        // Sector M-04 runs from break point M-B03 to M-B04: the stretch between them is that sector, cut the same way.
        using var stretchDocument = JsonDocument.Parse(stretch);
        using var sectorDocument = JsonDocument.Parse(bySector);
        var comparison = stretchDocument.RootElement.GetProperty("comparison");
        var sector = sectorDocument.RootElement.GetProperty("sectors").EnumerateArray().Single(s => s.GetProperty("sector").GetString() == "M-04");
        Assert.Equal(sector.GetProperty("polygons").GetInt32(), comparison.GetProperty("polygons").GetInt32());
        Assert.Equal(sector.GetProperty("area_m2").GetDouble(), comparison.GetProperty("area_m2").GetDouble(), 0.5);
        Assert.Contains(comparison.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("compared from M-B03 to M-B04", StringComparison.Ordinal));

        using var unknown = await client.GetAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-main&from=M-B99", UriKind.Relative));
        using var backwards = await client.GetAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-main&from=M-B04&to=M-B03", UriKind.Relative));
        using var both = await client.GetAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-main&from=M-B03&sectors=true", UriKind.Relative));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("neither a distance along line A", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Fact]
    public async Task Without_two_lines_the_answer_is_a_problem_and_a_line_of_another_section_is_refused()
    {
        using var client = await _factory.ClientAsync(null);

        using var missing = await client.GetAsync(new Uri("/api/compare?a=osm-main", UriKind.Relative));
        using var mixed = await client.GetAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-nakhchivan", UriKind.Relative));
        using var unknown = await client.GetAsync(new Uri("/api/compare?a=osm-main&b=no-such-line", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.True(mixed.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict or HttpStatusCode.BadRequest, mixed.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_compare_command_writes_geojson_and_csv_for_a_store_line_against_a_file()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("compare.gpkg");
        await DemoStoreFile.ServeDemoIntoAsync(store);

        var file = RepositoryPaths.DemoData("am-az-naturalearth.geojson");
        var geojson = await CliProcess.RunAsync(["compare", "osm-nakhchivan", file, "--store", store, "--format", "geojson"]);
        var csv = await CliProcess.RunAsync(["compare", "osm-nakhchivan", "naturalearth-nakhchivan", "--store", store, "--format", "csv"]);
        var stretch = await CliProcess.RunAsync(["compare", "osm-nakhchivan", "naturalearth-nakhchivan", "--store", store, "--section", "nakhchivan", "--from", "5", "--to", "25.5 km", "--format", "csv"]);
        var beyond = await CliProcess.RunAsync(["compare", "osm-nakhchivan", "naturalearth-nakhchivan", "--store", store, "--from", "5000"]);

        Assert.True(geojson.ExitCode == 0, geojson.Output);
        using var document = JsonDocument.Parse(geojson.Output);
        var features = document.RootElement.GetProperty("features").GetArrayLength();
        Assert.True(features >= 5);
        Assert.True(csv.ExitCode == 0, csv.Output);
        var rows = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sector,number,", rows[0], StringComparison.Ordinal);
        Assert.Equal(features, rows.Length - 1);
        Assert.True(stretch.ExitCode == 0, stretch.Error);
        var stretchRows = stretch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(stretchRows.Length - 1, 1, features - 1); // 20.5 km of the section hold some of its polygons, not all
        Assert.Equal(2, beyond.ExitCode);
        Assert.Contains("km long", beyond.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_lists_the_settlements_in_each_polygon_as_a_plain_point_in_polygon_finds_them()
    {
        using var client = await _factory.ClientAsync(null);
        var json = await client.GetStringAsync(new Uri("/api/compare?a=osm-nakhchivan&b=naturalearth-nakhchivan&features=settlements", UriKind.Relative));
        using var unknown = await client.GetAsync(new Uri("/api/compare?a=osm-main&b=naturalearth-main&features=roads", UriKind.Relative));

        using var document = JsonDocument.Parse(json);
        using var settlements = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.DemoData("settlements-am-az.geojson")));
        var places = settlements.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => (Id: f.GetProperty("properties").GetProperty("geonameid").GetRawText(), Point: new Point(f.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(), f.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble())))
            .ToList();
        var affected = document.RootElement.GetProperty("affected_features").EnumerateArray()
            .Select(f => (Polygon: f.GetProperty("polygon").GetInt32(), Id: f.GetProperty("id").GetString()!))
            .ToHashSet();
        var shapes = new GeometryFactory();
        var expected = new HashSet<(int Polygon, string Id)>();
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var ring = feature.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray();
            var polygon = shapes.CreatePolygon(ring);
            var number = feature.GetProperty("properties").GetProperty("number").GetInt32();
            expected.UnionWith(places.Where(p => polygon.Contains(p.Point)).Select(p => (number, p.Id)));
        }

        Assert.NotEmpty(expected); // on the demo's Nakhchivan section a village lies between the two sources' lines
        // Settlements lie beside the border, not on it: a village only just inside a polygon in degrees is inside it in UTM too.
        Assert.Equal(expected.OrderBy(e => e).ToList(), affected.OrderBy(e => e).ToList());
        Assert.Equal(0, document.RootElement.GetProperty("crossings").GetArrayLength()); // settlements are points, they cross nothing
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task The_compare_command_lists_features_in_polygons_and_a_road_from_Yerevan_to_Ganja_crossing_both_lines()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("features.gpkg");
        await DemoStoreFile.ServeDemoIntoAsync(store);

        var road = scratch.File("road.geojson");
        await File.WriteAllTextAsync(road, """{"type":"FeatureCollection","features":[{"type":"Feature","id":"M2","properties":{"name":"Yerevan–Ganja"},"geometry":{"type":"LineString","coordinates":[[44.51,40.18],[45.4,40.5],[46.36,40.68]]}}]}""");
        var broken = scratch.File("broken.geojson");
        await File.WriteAllTextAsync(broken, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[44.5]}}]}""");

        var withRoad = await CliProcess.RunAsync(["compare", "osm-main", "naturalearth-main", "--store", store, "--features", road]);
        var withSettlements = await CliProcess.RunAsync(["compare", "osm-main", "naturalearth-main", "--store", store, "--features", RepositoryPaths.DemoData("settlements-am-az.geojson")]);
        var bad = await CliProcess.RunAsync(["compare", "osm-main", "naturalearth-main", "--store", store, "--features", broken]);

        Assert.True(withRoad.ExitCode == 0, withRoad.Output);
        using var roadReport = JsonDocument.Parse(withRoad.Output);
        var crossings = roadReport.RootElement.GetProperty("crossings").EnumerateArray().ToList();
        // Yerevan is in Armenia and Ganja in Azerbaijan: the road must cross each line an odd number of times.
        Assert.Equal(["naturalearth-main", "osm-main"], crossings.Select(c => c.GetProperty("line").GetString()).Order(StringComparer.Ordinal));
        Assert.All(crossings, c => Assert.Equal(1, c.GetProperty("crossings").GetInt32() % 2));
        Assert.All(crossings, c => Assert.True(c.GetProperty("length_left_m").GetDouble() > 10_000 && c.GetProperty("length_right_m").GetDouble() > 10_000));
        Assert.True(withSettlements.ExitCode == 0, withSettlements.Output);
        using var settlementReport = JsonDocument.Parse(withSettlements.Output);
        var polygons = settlementReport.RootElement.GetProperty("polygons").GetArrayLength();
        Assert.All(settlementReport.RootElement.GetProperty("affected_features").EnumerateArray(), f => Assert.InRange(f.GetProperty("polygon").GetInt32(), 1, polygons));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("broken.geojson", bad.Error, StringComparison.Ordinal);
    }
}
