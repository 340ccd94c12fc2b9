using System.Globalization;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>A source's page in Chromium: its register entry, the residuals of its scan's fit, and the scan warped into place on the map.</summary>
public sealed class ScanPageTests(Workspace workspace) : IClassFixture<Workspace>
{
    // Reads the drawn map at a point given as fractions of the map's width and height: the first canvas with paint there.
    private const string PixelAt = """
        ([fx, fy]) => {
          const map = document.getElementById('scan-map');
          const box = map.getBoundingClientRect();
          const x = box.left + box.width * fx, y = box.top + box.height * fy;
          for (const canvas of map.querySelectorAll('canvas')) {
            const c = canvas.getBoundingClientRect();
            const scale = canvas.width / c.width;
            const d = canvas.getContext('2d').getImageData(Math.floor((x - c.left) * scale), Math.floor((y - c.top) * scale), 1, 1).data;
            if (d[3] > 0) { return [d[0], d[1], d[2], d[3]]; }
          }
          return [0, 0, 0, 0];
        }
        """;

    [Fact]
    public async Task A_source_page_shows_the_fit_residuals_and_draws_the_scan_in_place_with_north_up()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;

        await page.GotoAsync("/sources/osm");

        await Assertions.Expect(page.Locator("li[data-file='sheet.png']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#residuals tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#scan-summary")).ToContainTextAsync("corners of sheet " + Workspace.ScanSheet);
        // Four exact corners fix an affine map up to the sheet's own shape: residuals of metres, not of kilometres.
        var rmse = double.Parse(await page.Locator("[data-rmse]").GetAttributeAsync("data-rmse") ?? "", CultureInfo.InvariantCulture);
        Assert.InRange(rmse, 0, 50);
        await page.WaitForSelectorAsync("body[data-scan-rendered]", new() { Timeout = 20_000 });
        await page.Locator("#scan-map").ScrollIntoViewIfNeededAsync();
        await session.ScreenshotAsync("source-scan");

        // The view fits the scan's footprint, so each quadrant of the image lies around the matching quarter of the map.
        var expected = new (double X, double Y, string Name, Func<int[], bool> Is)[]
        {
            (0.40, 0.40, "NW red", p => p[0] > 180 && p[1] < 80 && p[2] < 80),
            (0.60, 0.40, "NE blue", p => p[0] < 80 && p[1] < 80 && p[2] > 180),
            (0.40, 0.60, "SW green", p => p[0] < 80 && p[1] > 160 && p[2] < 80),
            (0.60, 0.60, "SE yellow", p => p[0] > 180 && p[1] > 180 && p[2] < 80),
        };
        foreach (var (x, y, name, isColour) in expected)
        {
            var pixel = await page.EvaluateAsync<int[]>(PixelAt, new[] { x, y });
            Assert.True(pixel[3] > 200 && isColour(pixel), $"{name} expected at ({x}, {y}) of the map, found rgba({string.Join(", ", pixel)})");
        }

        // Beyond the footprint nothing is drawn: the map's corner stays blank.
        Assert.Equal(0, (await page.EvaluateAsync<int[]>(PixelAt, new[] { 0.005, 0.01 }))[3]);
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_hidden_or_missing_source_page_is_not_found()
    {
        await using var session = await workspace.OpenAsync();
        var response = await session.Page.GotoAsync("/sources/no-such-source");
        Assert.Equal(404, response!.Status);
    }
}
