using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Storage;
using Demarcate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Demarcate.Server.Tests;

/// <summary>
/// A CRS the commission stored in its registry (as the WKT2 BOUNDCRS projinfo writes) is usable wherever an EPSG code
/// is: <c>demarcate import --crs</c>, <c>demarcate export --crs</c> and POST /api/lines/import?crs=, checked against cct.
/// </summary>
public sealed class UserCrsLineFileTests : IClassFixture<DemarcateFactory>
{
    private const string Code = "DEMARCATE:LOCAL-TM";

    private const string LocalGrid =
        "+proj=tmerc +lat_0=40 +lon_0=44.75 +k=0.9999 +x_0=300000 +y_0=-4400000 +ellps=krass +towgs84=24,-123,-94,0.02,-0.25,-0.13,1.1 +units=m";

    /// <summary>The definition's own shift, which is named like any other transformation.</summary>
    private const string OwnShift = "USER:towgs84=24,-123,-94,0.02,-0.25,-0.13,1.1";

    private readonly DemarcateFactory _factory;

    public UserCrsLineFileTests(DemarcateFactory factory) => _factory = factory;

    [Fact]
    public async Task Cli_imports_and_exports_lines_in_a_stored_user_crs_where_cct_puts_them()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("demo.gpkg");
        List<(double Lat, double Lon)> along;
        await using (var store = await ServerApp.OpenWithDemoAsync(path, null, default))
        {
            await AddLocalGridAsync(store);
            along = await AlongMainAsync(store);
        }

        var (grid, expected) = await GridPointsAsync(along);
        var csv = scratch.File("grid.csv");
        await File.WriteAllTextAsync(csv, "line,id,easting,northing\n" + string.Concat(grid.Select((g, i) => Row("cli-tm", i + 1, g.E, g.N))));

        await using (var import = await CliProcess.RunAsync(["import", csv, "--store", path, "--section", "main", "--owner", "AM", "--crs", Code, "--operation", OwnShift]))
        {
            Assert.True(import.ExitCode == 0, import.Error);
        }

        List<(double Lat, double Lon)> stored;
        await using (var store = await CommissionStores.OpenAsync(path, default))
        {
            stored = (await store.GetLineAsync(Caller.CommissionSystem, "cli-tm", default))!.Geometry.GetGeometryN(0).Coordinates.Select(c => (c.Y, c.X)).ToList();
        }

        AssertSamePositions(expected, stored);

        var exported = scratch.File("out.csv");
        await using (var export = await CliProcess.RunAsync(["export", "--store", path, "--format", "csv", "--drafts", "--section", "main", "--crs", Code, "--operation", OwnShift, "--output", exported]))
        {
            Assert.True(export.ExitCode == 0, export.Error);
        }

        var lines = await File.ReadAllLinesAsync(exported);
        Assert.Equal("line,part,point,easting,northing", lines[0]);
        var written = lines.Where(l => l.StartsWith("cli-tm,", StringComparison.Ordinal)).Select(l => l.Split(',')).ToList();
        var cct = await CctAsync("EPSG:4326", LocalGrid + " +type=crs", stored.Select(p => (p.Lat, p.Lon)));
        Assert.Equal(stored.Count, written.Count);
        for (var i = 0; i < written.Count; i++)
        {
            var e = double.Parse(written[i][3], CultureInfo.InvariantCulture);
            var n = double.Parse(written[i][4], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(e - cct[i].A) <= 1e-3 && Math.Abs(n - cct[i].B) <= 1e-3,
                string.Create(CultureInfo.InvariantCulture, $"point {i}: exported {e} {n}, cct {cct[i].A} {cct[i].B}"));
        }
    }

    [Fact]
    public async Task Http_import_takes_a_stored_user_crs_and_an_unknown_code_is_a_problem()
    {
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        if ((await store.ListCrsAsync(Caller.CommissionSystem, default)).All(c => c.Code.ToString() != Code))
        {
            await AddLocalGridAsync(store);
        }

        var (grid, expected) = await GridPointsAsync(await AlongMainAsync(store));
        var csv = "line,id,easting,northing\n" + string.Concat(grid.Select((g, i) => Row("http-tm", i + 1, g.E, g.N)));
        using var am = await _factory.ClientAsync("am.carto");

        using var unknown = await am.PostAsync(new Uri("/api/lines/import?format=csv&section=main&crs=DEMARCATE:NO-SUCH", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        // The recorded EPSG:15865 does not join the definition's own datum, and its own shift is not picked silently.
        using var unnamed = await am.PostAsync(new Uri($"/api/lines/import?format=csv&section=main&crs={Code}", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains(OwnShift, await unnamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var response = await am.PostAsync(
            new Uri($"/api/lines/import?format=csv&section=main&crs={Code}&operation={Uri.EscapeDataString(OwnShift)}", UriKind.Relative),
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var line = JsonDocument.Parse(await am.GetStringAsync(new Uri("/api/lines/http-tm", UriKind.Relative)));
        Assert.Equal(JsonValueKind.Object, line.RootElement.ValueKind);
        var stored = (await store.GetLineAsync(Caller.CommissionSystem, "http-tm", default))!.Geometry.GetGeometryN(0).Coordinates.Select(c => (c.Y, c.X)).ToList();
        AssertSamePositions(expected, stored);
    }

    private static string Row(string line, int id, double e, double n) =>
        string.Create(CultureInfo.InvariantCulture, $"{line},{id},{e:F3},{n:F3}\n");

    /// <summary>Stores the local grid as projinfo's WKT2 (a BOUNDCRS carrying the Helmert shift).</summary>
    private static async Task AddLocalGridAsync(ICommissionStore store)
    {
        var wkt2 = (await ExternalTool.RunAsync("projinfo", ["-o", "WKT2_2019", "-q", LocalGrid + " +type=crs"])).StandardOutput;
        var crs = CommissionCrs.Read(Code, "Local TM on Pulkovo with a user shift", wkt2);
        Assert.True(crs.Success, string.Join("; ", crs.Problems));
        await store.AddCrsAsync(Caller.CommissionSystem, crs.Value, default);
    }

    private static async Task<List<(double Lat, double Lon)>> AlongMainAsync(ICommissionStore store)
    {
        var main = (await store.ListSectionsAsync(Caller.CommissionSystem, default)).Single(s => s.Id == "main");
        return (await store.GetLineAsync(Caller.CommissionSystem, main.DesignatedLineId!, default))!.Geometry.GetGeometryN(0).Coordinates
            .Take(8).Select(c => (c.Y, c.X)).ToList();
    }

    /// <summary>
    /// Grid coordinates along the main section, rounded to the millimetre as a surveyor's file has them, and where cct
    /// puts those rounded coordinates in WGS 84.
    /// </summary>
    private static async Task<(List<(double E, double N)> Grid, List<(double Lat, double Lon)> Expected)> GridPointsAsync(List<(double Lat, double Lon)> along)
    {
        var grid = (await CctAsync("EPSG:4326", LocalGrid + " +type=crs", along)).Select(p => (Math.Round(p.A, 3), Math.Round(p.B, 3))).ToList();
        var back = await CctAsync(LocalGrid + " +type=crs", "EPSG:4326", grid);
        return (grid, back.Select(p => (p.A, p.B)).ToList());
    }

    private static void AssertSamePositions(List<(double Lat, double Lon)> expected, List<(double Lat, double Lon)> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            // 1e-8° is about a millimetre.
            Assert.True(Math.Abs(expected[i].Lat - actual[i].Lat) <= 1e-8 && Math.Abs(expected[i].Lon - actual[i].Lon) <= 1e-8,
                string.Create(CultureInfo.InvariantCulture, $"point {i}: stored {actual[i]}, cct {expected[i]}"));
        }
    }

    /// <summary>cct running projinfo's own pipeline between two CRSs (each in its own axis order).</summary>
    private static async Task<List<(double A, double B)>> CctAsync(string from, string to, IEnumerable<(double, double)> points)
    {
        var pipeline = (await ExternalTool.RunAsync("projinfo", ["-s", from, "-t", to, "-o", "PROJ", "-q"])).StandardOutput;
        var input = string.Concat(points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1:R} {p.Item2:R} 0 0\n")));
        var result = await ExternalTool.RunAsync("cct", ["-d", "12", .. pipeline.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)], input);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
