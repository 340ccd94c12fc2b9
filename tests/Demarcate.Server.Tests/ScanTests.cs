using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Demarcate.Core.Geodesy;
using Demarcate.Testing;

namespace Demarcate.Server.Tests;

/// <summary>Georeferenced scans over HTTP and on the command line: fit, residuals in metres, the browser's mapping, bad input.</summary>
public sealed class ScanTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public ScanTests(DemarcateFactory factory) => _factory = factory;

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task A_delegation_fits_its_scan_by_the_sheet_corners_and_reads_the_residuals_and_the_display_mapping()
    {
        using var carto = await _factory.ClientAsync("am.carto");
        using var other = await _factory.ClientAsync("az.carto");
        using var added = await carto.PostAsJsonAsync(Uri("/api/sources"), new { id = "am-scan-100k", title = "Topographic map 1:100 000", issuer = "General Staff", scaleDenominator = 100_000, crs = "EPSG:28408", sheetIds = new[] { "K-38-34" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var png = new ByteArrayContent(TestScans.Png(300, 200, (c, r) => ((byte)c, (byte)r, 128)));
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        Assert.Equal(HttpStatusCode.Created, (await carto.PostAsync(Uri("/api/sources/am-scan-100k/files?name=K-38-34.png"), png)).StatusCode);

        // The frame is drawn 10 px in from each edge; the SE corner is marked 3 px too far right.
        const string corners = "id,column,row\nNW,10,10\nNE,290,10\nSE,293,190\nSW,10,190\n";
        using var fitted = await carto.PostAsJsonAsync(Uri("/api/sources/am-scan-100k/scans"), new { file = "K-38-34.png", sheet = "K-38-34", controlPointsCsv = corners });

        Assert.Equal(HttpStatusCode.Created, fitted.StatusCode);
        Assert.Equal("/api/sources/am-scan-100k/scans/1", fitted.Headers.Location!.OriginalString);
        using var fit = JsonDocument.Parse(await fitted.Content.ReadAsStringAsync());
        var root = fit.RootElement;
        Assert.Equal(("EPSG:4284", "K-38-34", 300, 200), (root.GetProperty("crs").GetString(), root.GetProperty("sheet").GetString(), root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32()));
        Assert.StartsWith("Gauss–Krüger zone 8", root.GetProperty("metresIn").GetString(), StringComparison.Ordinal);

        // 3 px of a 280 px, 30′ wide frame is about 0.0054° of longitude: roughly 430 m at 43° N, spread by the fit over four points.
        var residuals = root.GetProperty("controlPoints").EnumerateArray().Select(p => p.GetProperty("residualMetres").GetDouble()).ToArray();
        Assert.Equal(4, residuals.Length);
        Assert.All(residuals, r => Assert.InRange(r, 80, 140));
        Assert.Equal(Math.Sqrt(residuals.Sum(r => r * r) / 4), root.GetProperty("rmseMetres").GetDouble(), 1e-9);
        var footprint = root.GetProperty("display").GetProperty("footprint").EnumerateArray().Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToArray();
        var sheet = SheetNomenclature.Parse("K-38-34").Value.Bounds;
        Assert.InRange(footprint[0].Lon, sheet.West - 0.03, sheet.West);   // the image reaches 10 px beyond the frame
        Assert.InRange(footprint[0].Lat, sheet.North, sheet.North + 0.03);

        using var list = await carto.GetAsync(Uri("/api/sources/am-scan-100k/scans"));
        Assert.Equal(1, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Uri("/api/sources/am-scan-100k/scans"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Uri("/api/sources/am-scan-100k/scans/1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carto.GetAsync(Uri("/api/sources/am-scan-100k/scans/2"))).StatusCode);

        // Bad input: a bad row, too few points for order 2, collinear points, an unknown sheet.
        using var badRow = await carto.PostAsJsonAsync(Uri("/api/sources/am-scan-100k/scans"), new { file = "K-38-34.png", controlPointsCsv = "id,column,row,x,y\nA,1,1,45,41\nB,2,x,45,41\n" });
        Assert.Equal(HttpStatusCode.BadRequest, badRow.StatusCode);
        Assert.Contains("controlPointsCsv:3:3: row 'x' is not a number", await badRow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        object[] three = [new { column = 0, row = 0, x = 46.5, y = 43.3 }, new { column = 300, row = 0, x = 47.0, y = 43.3 }, new { column = 0, row = 200, x = 46.5, y = 43.0 }];
        using var few = await carto.PostAsJsonAsync(Uri("/api/sources/am-scan-100k/scans"), new { file = "K-38-34.png", order = 2, crs = "EPSG:4284", controlPoints = three });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, few.StatusCode);
        Assert.Contains("at least 6 control points, got 3", await few.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        object[] line = [new { column = 0, row = 0, x = 46.5, y = 43.3 }, new { column = 150, row = 100, x = 46.75, y = 43.15 }, new { column = 300, row = 200, x = 47.0, y = 43.0 }];
        using var collinear = await carto.PostAsJsonAsync(Uri("/api/sources/am-scan-100k/scans"), new { file = "K-38-34.png", crs = "EPSG:4284", controlPoints = line });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, collinear.StatusCode);
        Assert.Contains("collinear", await collinear.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknownSheet = await carto.PostAsJsonAsync(Uri("/api/sources/am-scan-100k/scans"), new { file = "K-38-34.png", sheet = "K-38-145", controlPointsCsv = corners });
        Assert.Equal(HttpStatusCode.BadRequest, unknownSheet.StatusCode);
        Assert.Contains("sheet", await unknownSheet.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_attaches_a_scan_fits_it_and_prints_the_residuals_table_and_rmse()
    {
        using var scratch = new ScratchFolder();
        var store = scratch.File("commission.gpkg");
        var key = scratch.File("journal-key.pem");
        await (await ServerApp.OpenWithDemoAsync(store, key, default)).DisposeAsync();
        var scan = scratch.File("K-38-34.png");
        await File.WriteAllBytesAsync(scan, TestScans.Png(100, 50, (_, _) => (40, 40, 40)));
        var gcp = scratch.File("gcp.csv");

        // Six points on a 20 m/pixel grid of Gauss–Krüger zone 8; P6 is 6 m off to the north.
        var rows = new[] { (0, 0), (100, 0), (100, 50), (0, 50), (50, 25), (25, 40) }
            .Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"P{i + 1},{p.Item1},{p.Item2},{8_600_000 + (20 * p.Item1)},{4_800_000 - (20 * p.Item2) + (i == 5 ? 6 : 0)}"));
        await File.WriteAllTextAsync(gcp, "id,column,row,x,y\n" + string.Join('\n', rows) + "\n");
        await using var add = await CliProcess.RunAsync(["sources", "add", "--store", store, "--journal-key", key, "--id", "ru-100k", "--title", "Map", "--issuer", "GS", "--crs", "EPSG:28408", "--provided-by", "RU"]);
        Assert.True(add.ExitCode == 0, add.Error);

        await using var run = await CliProcess.RunAsync(["sources", "georef", "ru-100k", "--store", store, "--journal-key", key, "--scan", scan, "--gcp", gcp]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Attached K-38-34.png", run.Output, StringComparison.Ordinal);
        Assert.Contains("Fit 1 of ru-100k/K-38-34.png (100 × 50 px): order 1 (affine) in EPSG:28408", run.Output, StringComparison.Ordinal);
        var table = run.Output.Split('\n').SkipWhile(l => !l.StartsWith("id\t", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith('P')).ToArray();
        Assert.Equal(6, table.Length);
        var residuals = table.Select(l => double.Parse(l.Split('\t')[7], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(residuals[5] > residuals.Take(5).Max(), run.Output); // the point that was moved misses most
        var rmse = run.Output.Split('\n').Single(l => l.StartsWith("RMSE ", StringComparison.Ordinal));
        Assert.Equal(Math.Sqrt(residuals.Sum(r => r * r) / 6), double.Parse(rmse.Split(' ')[1], CultureInfo.InvariantCulture), 0.01);
        Assert.Contains("metres in the grid of EPSG:28408", rmse, StringComparison.Ordinal);

        // The same scan again is reused, not attached twice; a second-order fit needs six points and gets them.
        await using var second = await CliProcess.RunAsync(["sources", "georef", "ru-100k", "--store", store, "--journal-key", key, "--scan", scan, "--gcp", gcp, "--order", "2"]);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.DoesNotContain("Attached", second.Output, StringComparison.Ordinal);
        Assert.Contains("Fit 2 of ru-100k/K-38-34.png", second.Output, StringComparison.Ordinal);

        // Bad input, each one line naming where, exit 2.
        var badGcp = scratch.File("bad.csv");
        await File.WriteAllTextAsync(badGcp, "id,column,row,x,y\nA,0,0,1,2\nB,1,1,1\n");
        await using var badRow = await CliProcess.RunAsync(["sources", "georef", "ru-100k", "--store", store, "--scan", "K-38-34.png", "--gcp", badGcp]);
        Assert.Equal(2, badRow.ExitCode);
        Assert.Contains("bad.csv:3: the row has 4 cells, the header 5", badRow.Error, StringComparison.Ordinal);
        await using var unknownSheet = await CliProcess.RunAsync(["sources", "georef", "ru-100k", "--store", store, "--scan", "K-38-34.png", "--gcp", gcp, "--corners", "K-38-145"]);
        Assert.Equal(2, unknownSheet.ExitCode);
        Assert.Contains("--corners", unknownSheet.Error, StringComparison.Ordinal);
        await File.WriteAllTextAsync(badGcp, "id,column,row,x,y\nA,0,0,8600000,4800000\nB,10,10,8600200,4799800\nC,20,20,8600400,4799600\n");
        await using var collinear = await CliProcess.RunAsync(["sources", "georef", "ru-100k", "--store", store, "--scan", "K-38-34.png", "--gcp", badGcp]);
        Assert.Equal(2, collinear.ExitCode);
        Assert.Contains("collinear", collinear.Error, StringComparison.Ordinal);
        await using var tooFew = await CliProcess.RunAsync(["sources", "georef", "ru-100k", "--store", store, "--scan", "K-38-34.png", "--gcp", badGcp, "--order", "2"]);
        Assert.Equal(2, tooFew.ExitCode);
        Assert.Contains("at least 6 control points, got 3", tooFew.Error, StringComparison.Ordinal);
    }
}
