using System.Globalization;
using Demarcate.Testing;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>The export and import page in Chromium: a cartographer downloads the dataset as a GeoPackage GDAL reads, and brings a line back as a draft.</summary>
public sealed class ExchangeTests(Workspace workspace) : IClassFixture<Workspace>
{
    [Fact]
    public async Task A_cartographer_downloads_the_dataset_as_a_geopackage_and_imports_a_line_as_a_draft()
    {
        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("az.carto");
        var page = session.Page;
        await page.GotoAsync("/exchange");
        await Assertions.Expect(page.Locator("nav a[href='/exchange']")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Export and import the dataset");

        await page.Locator("#export-format").SelectOptionAsync("gpkg");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-dataset").ClickAsync());
        Assert.Equal("demarcate.gpkg", download.SuggestedFilename);
        using var scratch = new ScratchFolder();
        var gpkg = scratch.File("downloaded.gpkg");
        await download.SaveAsAsync(gpkg);

        // GDAL opens it as a GeoPackage with every layer, the lines and sectors on WGS 84.
        var info = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", gpkg, "boundary_lines"]);
        Assert.True(info.ExitCode == 0, info.StandardError);
        Assert.Contains("using driver `GPKG' successful", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Geometry: Multi Line String", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ID[\"EPSG\",4326]", info.StandardOutput, StringComparison.Ordinal);
        var listing = (await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", gpkg])).StandardOutput;
        foreach (var layer in new[] { "commission", "sections", "sources", "boundary_lines", "sector_breaks", "sectors" })
        {
            Assert.Contains($": {layer} (", listing, StringComparison.Ordinal);
        }

        var sectors = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", gpkg, "sectors"]);
        var count = int.Parse(sectors.StandardOutput.Split('\n').Single(l => l.StartsWith("Feature Count:", StringComparison.Ordinal))["Feature Count:".Length..].Trim(), CultureInfo.InvariantCulture);
        Assert.True(count > 10, $"the sectors layer holds the border's sectors ({count})");
        await session.ScreenshotAsync("exchange");

        // A line of the file brought back: it becomes a draft of the signed-in delegation.
        var claim = scratch.File("claim.geojson");
        await File.WriteAllTextAsync(claim, """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"layer":"boundary_lines","line_id":"az-browser-claim","section_id":"main","kind":"PartyClaim","name":"Browser claim"},
            "geometry":{"type":"LineString","coordinates":[[45.05,41.2],[45.1,41.15]]}}]}
            """);
        await page.Locator("#import-file").SetInputFilesAsync(claim);
        await page.Locator("#import-dataset").ClickAsync();
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("az-browser-claim");

        // The same file again: the id is taken, so nothing is written and the page says why.
        await page.Locator("#import-file").SetInputFilesAsync(claim);
        await page.Locator("#import-dataset").ClickAsync();
        await Assertions.Expect(page.Locator("#import-problems")).ToContainTextAsync("claim.geojson");

        // A KML, as Google Earth users keep them, is offered and read the same way.
        Assert.Contains(".kml", await page.Locator("#import-file").GetAttributeAsync("accept"), StringComparison.Ordinal);
        var kml = scratch.File("claim.kml");
        await File.WriteAllTextAsync(kml, """
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Browser KML claim</name>
              <ExtendedData><Data name="layer"><value>boundary_lines</value></Data><Data name="line_id"><value>az-browser-kml-claim</value></Data>
                <Data name="section_id"><value>main</value></Data><Data name="kind"><value>PartyClaim</value></Data></ExtendedData>
              <LineString><coordinates>45.05,41.19 45.1,41.14</coordinates></LineString>
            </Placemark></Document></kml>
            """);
        await page.Locator("#import-file").SetInputFilesAsync(kml);
        await page.Locator("#import-dataset").ClickAsync();
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("az-browser-kml-claim");
        session.AssertNoConsoleErrors();
    }
}
