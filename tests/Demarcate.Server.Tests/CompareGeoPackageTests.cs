using System.Globalization;
using System.Net;
using System.Text.Json;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary><c>demarcate compare … --format gpkg</c> and <c>GET /api/compare?format=gpkg</c>, read back by GDAL.</summary>
public sealed class CompareGeoPackageTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public CompareGeoPackageTests(DemarcateFactory factory) => _factory = factory;

    [Fact]
    public async Task The_compare_command_writes_a_geopackage_that_GDAL_reads_with_the_json_outputs_polygons_and_sector_table()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("compare.gpkg");
        await DemoStoreFile.ServeDemoIntoAsync(store);

        var whole = scratch.File("whole.gpkg");
        var bySector = scratch.File("sectors.gpkg");
        var json = await CliProcess.RunAsync(["compare", "osm-main", "naturalearth-main", "--store", store, "--sectors", "--format", "json"]);
        var wholeRun = await CliProcess.RunAsync(["compare", "osm-main", "naturalearth-main", "--store", store, "--format", "gpkg", "-o", whole]);
        var sectorRun = await CliProcess.RunAsync(["compare", "osm-main", "naturalearth-main", "--store", store, "--sectors", "--format", "gpkg", "--output", bySector]);
        var nowhere = await CliProcess.RunAsync(["compare", "osm-main", "naturalearth-main", "--store", store, "--format", "gpkg"]);

        Assert.True(json.ExitCode == 0, json.Error);
        Assert.True(wholeRun.ExitCode == 0, wholeRun.Error);
        Assert.True(sectorRun.ExitCode == 0, sectorRun.Error);
        Assert.Equal(2, nowhere.ExitCode);
        Assert.Contains("--output", nowhere.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(whole + ".partial"));

        using var expected = JsonDocument.Parse(json.Output);
        var polygons = expected.RootElement.GetProperty("polygons").EnumerateArray().ToList();
        Assert.True(polygons.Count >= 5, $"the demo's main section has several discrepancy polygons ({polygons.Count})");

        // GDAL sees a GeoPackage with polygons on WGS 84 and the two summary tables.
        var info = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", whole, "discrepancies"]);
        Assert.True(info.ExitCode == 0, info.StandardError);
        Assert.Contains("using driver `GPKG' successful", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Geometry: Polygon", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ID[\"EPSG\",4326]", info.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(polygons.Count, FeatureCount(info.StandardOutput));
        var listing = (await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", whole])).StandardOutput;
        foreach (var layer in new[] { "discrepancies", "comparison", "sector_summary", "compared_lines" })
        {
            Assert.Contains($": {layer} (", listing, StringComparison.Ordinal);
        }

        // Every polygon of the JSON output, with the same areas (the JSON rounds to cm², the file keeps them whole).
        var written = await LayerAsync(whole, "discrepancies");
        Assert.Equal(polygons.Count, written.Count);
        foreach (var polygon in polygons)
        {
            var number = polygon.GetProperty("number").GetInt32();
            var feature = Assert.Single(written, f => f.GetProperty("properties").GetProperty("number").GetInt32() == number);
            var properties = feature.GetProperty("properties");
            Assert.Equal("Polygon", feature.GetProperty("geometry").GetProperty("type").GetString());
            Assert.Equal(polygon.GetProperty("ellipsoidal_area_m2").GetDouble(), properties.GetProperty("ellipsoidal_area_m2").GetDouble(), 0.006);
            Assert.Equal(polygon.GetProperty("utm_area_m2").GetDouble(), properties.GetProperty("utm_area_m2").GetDouble(), 0.006);
            Assert.Equal(polygon.GetProperty("greatest_width_m").GetDouble(), properties.GetProperty("greatest_width_m").GetDouble(), 0.006);
            Assert.Equal(polygon.GetProperty("extent_m").GetDouble(), properties.GetProperty("extent_m").GetDouble(), 0.06);
            Assert.Equal(polygon.GetProperty("holder_under_a").GetString(), properties.GetProperty("holder_under_a").GetString());
            Assert.Equal(polygon.GetProperty("holder_under_b").GetString(), properties.GetProperty("holder_under_b").GetString());
            Assert.Equal(polygon.GetProperty("side_of_a").GetString(), properties.GetProperty("side_of_a").GetString());
            Assert.Equal(polygon.GetProperty("significant").GetBoolean(), properties.GetProperty("significant").GetBoolean()); // GDAL reads a GeoPackage BOOLEAN as a boolean
        }

        var summary = Assert.Single(await LayerAsync(whole, "comparison")).GetProperty("properties");
        var comparison = expected.RootElement.GetProperty("comparison");
        Assert.Equal(comparison.GetProperty("area_m2").GetDouble(), summary.GetProperty("area_m2").GetDouble(), 0.06);
        Assert.Equal(comparison.GetProperty("hausdorff_a_to_b_m").GetDouble(), summary.GetProperty("hausdorff_a_to_b_m").GetDouble(), 0.0006);
        foreach (var gain in comparison.GetProperty("net_gain_under_b_m2").EnumerateObject())
        {
            Assert.Equal(gain.Value.GetDouble(), summary.GetProperty($"net_gain_under_b_{gain.Name.ToLowerInvariant()}_m2").GetDouble(), 0.06);
        }

        var lines = await LayerAsync(whole, "compared_lines");
        Assert.Equal(["A:osm-main", "B:naturalearth-main"], lines.Select(l => $"{l.GetProperty("properties").GetProperty("role").GetString()}:{l.GetProperty("properties").GetProperty("line_id").GetString()}"));
        Assert.All(lines, l => Assert.Equal("MultiLineString", l.GetProperty("geometry").GetProperty("type").GetString()));
        Assert.Empty(await LayerAsync(whole, "sector_summary"));

        // Sector by sector: the JSON's per-sector table, row for row, and each sector's polygons.
        var sectors = expected.RootElement.GetProperty("sectors").EnumerateArray().ToList();
        Assert.True(sectors.Count > 1);
        var rows = await LayerAsync(bySector, "sector_summary");
        var sectorPolygons = await LayerAsync(bySector, "discrepancies");
        Assert.Equal(sectors.Count, rows.Count);
        foreach (var sector in sectors)
        {
            var id = sector.GetProperty("sector").GetString();
            var row = Assert.Single(rows, r => r.GetProperty("properties").GetProperty("sector").GetString() == id).GetProperty("properties");
            Assert.Equal(sector.GetProperty("polygons").GetInt32(), row.GetProperty("polygons").GetInt32());
            Assert.Equal(sector.GetProperty("polygons").GetInt32(), sectorPolygons.Count(p => p.GetProperty("properties").GetProperty("sector").GetString() == id));
            Assert.Equal(sector.GetProperty("area_m2").GetDouble(), row.GetProperty("area_m2").GetDouble(), 0.06);
            Assert.Equal(sector.GetProperty("hausdorff_m").GetDouble(), row.GetProperty("hausdorff_m").GetDouble(), 0.006);
            foreach (var gain in sector.GetProperty("net_gain_under_b_m2").EnumerateObject())
            {
                Assert.Equal(gain.Value.GetDouble(), row.GetProperty($"net_gain_under_b_{gain.Name.ToLowerInvariant()}_m2").GetDouble(), 0.06);
            }

            if (sector.GetProperty("discrete_frechet_m").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(sector.GetProperty("discrete_frechet_m").GetDouble(), row.GetProperty("discrete_frechet_m").GetDouble(), 0.006);
            }
        }
    }

    [Fact]
    public async Task The_api_answers_format_gpkg_with_a_geopackage_attachment_of_the_same_polygons()
    {
        using var client = await _factory.ClientAsync(null);

        using var response = await client.GetAsync(new Uri("/api/compare?a=osm-nakhchivan&b=naturalearth-nakhchivan&format=gpkg", UriKind.Relative));
        using var geojson = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/compare?a=osm-nakhchivan&b=naturalearth-nakhchivan", UriKind.Relative)));
        using var hidden = await client.GetAsync(new Uri("/api/compare?a=osm-nakhchivan&b=no-such-line&format=gpkg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geopackage+sqlite3", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("compare-osm-nakhchivan-naturalearth-nakhchivan.gpkg", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        using var scratch = new ScratchFolder();
        var file = scratch.File("downloaded.gpkg");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var written = await LayerAsync(file, "discrepancies");
        var features = geojson.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(features.Count, written.Count);
        Assert.Equal(
            features.Sum(f => f.GetProperty("properties").GetProperty("ellipsoidal_area_m2").GetDouble()),
            written.Sum(f => f.GetProperty("properties").GetProperty("ellipsoidal_area_m2").GetDouble()),
            0.006 * features.Count);
    }

    private static int FeatureCount(string ogrinfo) =>
        int.Parse(ogrinfo.Split('\n').Single(l => l.StartsWith("Feature Count:", StringComparison.Ordinal))["Feature Count:".Length..].Trim(), CultureInfo.InvariantCulture);

    /// <summary>A layer of the file as GDAL reads it, converted by ogr2ogr to GeoJSON features.</summary>
    private static async Task<List<JsonElement>> LayerAsync(string gpkg, string layer)
    {
        var run = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", gpkg, layer]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        using var document = JsonDocument.Parse(run.StandardOutput);
        return [.. document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.Clone())];
    }
}
