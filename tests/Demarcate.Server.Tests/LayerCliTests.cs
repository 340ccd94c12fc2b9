using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary>
/// <c>demarcate layers …</c> as the real process on a demo store: a river layer GDAL reprojected to UTM 38N, loaded
/// from its GeoPackage back to WGS 84 (GDAL is the oracle for the positions), then used by <c>pillars plan</c> with no
/// file, and skipped with <c>--no-stored-layers</c>.
/// </summary>
public sealed class LayerCliTests
{
    private const string Password = "correct horse battery staple";

    private static readonly Dictionary<string, string> FastPasswords = new(StringComparer.Ordinal) { ["DEMARCATE_PASSWORD_ITERATIONS"] = "1000" };

    private static async Task<CliProcess> Run(int expected, params string[] arguments)
    {
        var run = await CliProcess.RunAsync(arguments, environment: FastPasswords);
        Assert.True(run.ExitCode == expected, $"demarcate {string.Join(' ', arguments)}: {run.ExitCode}\n{run.Output}\n{run.Error}");
        return run;
    }

    [Fact]
    public async Task A_river_layer_in_utm_from_a_geopackage_is_stored_on_wgs84_and_plans_a_bank_pair_without_a_file()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("demo.gpkg");
        List<(double Lon, double Lat)> line;
        await using (var opened = await ServerApp.OpenWithDemoAsync(store, null, default))
        {
            var sector = await opened.GetSectorAsync(Caller.CommissionSystem, "M-02", default);
            line = [.. sector!.Geometry!.Geometries.SelectMany(g => g.Coordinates).Select(c => (c.X, c.Y))];
        }

        var passwordFile = scratch.File("password.txt");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        await Run(0, "users", "add", "--store", store, "--user", "am.carto", "--name", "AM cartographer", "--role", "Cartographer", "--party", "AM", "--password-file", passwordFile);
        await Run(0, "users", "add", "--store", store, "--user", "am.observer", "--name", "AM observer", "--role", "Observer", "--party", "AM", "--password-file", passwordFile);

        // A river square to the middle of M-02's line, 2 km long, written by GDAL in UTM zone 38N.
        var (a, b) = (line[(line.Count / 2) - 1], line[line.Count / 2]);
        var (midLon, midLat) = ((a.Lon + b.Lon) / 2, (a.Lat + b.Lat) / 2);
        var (dLon, dLat) = (b.Lon - a.Lon, b.Lat - a.Lat);
        var scale = 0.01 / Math.Sqrt((dLat * dLat) + (dLon * dLon));
        var geojson = scratch.File("river.geojson");
        await File.WriteAllTextAsync(geojson, string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{\"id\":\"r1\",\"name\":\"Test river\"}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[[{midLon - (dLat * scale):R},{midLat + (dLon * scale):R}],[{midLon + (dLat * scale):R},{midLat - (dLon * scale):R}]]}}}}]}}"));
        var gpkg = scratch.File("river-utm.gpkg");
        var ogr = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GPKG", "-t_srs", "EPSG:32638", "-nln", "rivers", gpkg, geojson]);
        Assert.True(ogr.ExitCode == 0, ogr.StandardError);

        string[] asCarto = ["--store", store, "--user", "am.carto", "--password-file", passwordFile];
        await Run(2, ["layers", "import", gpkg, "--name", "rivers-utm", "--kind", "rivers", "--source", "test", "--licence", "CC0", "--store", store, "--user", "am.observer", "--password-file", passwordFile]);
        var imported = await Run(0, ["layers", "import", gpkg, "--name", "rivers-utm", "--kind", "rivers", "--source", "drawn for the CLI test", "--licence", "CC0", .. asCarto]);
        Assert.Contains("rivers-utm: 1 features, version 1", imported.Output, StringComparison.Ordinal);

        var listed = await Run(0, "layers", "list", "--store", store);
        Assert.Contains("rivers-utm\trivers\t1\t1\tEPSG:32638\t", listed.Output, StringComparison.Ordinal);

        // Back on WGS 84: the positions GDAL started from, within 1e-8° (GDAL's projection forward, ours back).
        var exported = await Run(0, "layers", "export", "rivers-utm", "--store", store);
        using (var document = JsonDocument.Parse(exported.Output))
        {
            var feature = document.RootElement.GetProperty("features")[0];
            Assert.Equal("Test river", feature.GetProperty("properties").GetProperty("name").GetString());
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(midLon - (dLat * scale), coordinates[0][0].GetDouble(), 1e-8);
            Assert.Equal(midLat + (dLon * scale), coordinates[0][1].GetDouble(), 1e-8);
            Assert.Equal(midLon + (dLat * scale), coordinates[1][0].GetDouble(), 1e-8);
            Assert.Equal(midLat - (dLon * scale), coordinates[1][1].GetDouble(), 1e-8);
        }

        // Planning with no file uses the stored river: a bank pair; asked not to, none; given the file, the same pair.
        var stored = await Run(0, "pillars", "plan", "M-02", "--store", store);
        var skipped = await Run(0, "pillars", "plan", "M-02", "--no-stored-layers", "--store", store);
        var fromFile = await Run(0, "pillars", "plan", "M-02", "--rivers", geojson, "--store", store);
        var banks = stored.Output.Split('\n').Where(l => l.Contains(",RiverBank,", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, banks.Count);
        Assert.All(banks, l => Assert.Contains("Test river", l, StringComparison.Ordinal));
        Assert.DoesNotContain(",RiverBank,", skipped.Output, StringComparison.Ordinal);
        var fileBanks = fromFile.Output.Split('\n').Where(l => l.Contains(",RiverBank,", StringComparison.Ordinal)).ToList();
        Assert.Equal(fileBanks.Count, banks.Count);
        foreach (var (fromStore, given) in banks.Zip(fileBanks))
        {
            // number, type, reason the same; the position to 1e-7° and the chainage to a centimetre (the stored river went through UTM and back).
            var (x, y) = (fromStore.Split(','), given.Split(','));
            Assert.Equal(y[..3], x[..3]);
            Assert.Equal(Number(y[3]), Number(x[3]), 1e-7);
            Assert.Equal(Number(y[4]), Number(x[4]), 1e-7);
            Assert.Equal(Number(y[5]), Number(x[5]), 0.01);
        }

        await Run(2, ["layers", "delete", "rivers-utm", "--version", "9", .. asCarto]);
        await Run(0, ["layers", "delete", "rivers-utm", "--version", "1", .. asCarto]);
        Assert.DoesNotContain("rivers-utm", (await Run(0, "layers", "list", "--store", store)).Output, StringComparison.Ordinal);
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
